package dev.lox.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.agent.config.ConfigException;
import dev.lox.agent.config.ConfigParser;
import dev.lox.agent.config.ConfigRule;
import dev.lox.internal.PoolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent's cluster=... option and the config file's cluster rules. */
class AgentClusterOptionTest {
    @Test
    void theClusterOptionSitsBesideTheConfigFileAndVerbose() throws ConfigException {
        AgentOptions o = AgentOptions.parse("lox.conf,cluster=local:3,verbose", null, null);
        assertEquals("lox.conf", o.configPath());
        assertEquals("local:3", o.cluster());
        assertTrue(o.verbose());
        AgentOptions alone = AgentOptions.parse("cluster=/etc/hz.yaml", "prop.conf", null);
        assertEquals("prop.conf", alone.configPath(), "cluster= is not a config file");
        assertEquals("/etc/hz.yaml", alone.cluster());
        assertNull(AgentOptions.parse("lox.conf", null, null).cluster());
    }

    @Test
    void anEmptyClusterOptionIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> AgentOptions.parse("cluster=", null, null));
        assertTrue(e.getMessage().contains("names no cluster") && e.getMessage().contains("cluster=local:N"), e.getMessage());
    }

    @Test
    void clusterRulesTakeACountOrTheDefault() throws ConfigException {
        List<ConfigRule> rules = ConfigParser.parse("lox.conf", List.of(
                "cluster(64) com.example.Tiles#render", "cluster com.example.Tiles#shade", "cluster(0) com.example.Debug#run"));
        assertEquals(PoolSpec.cluster(64), rules.get(0).poolSpec());
        assertEquals(PoolSpec.cluster(PoolSpec.DEFAULT_CLUSTER_CALLS), rules.get(1).poolSpec());
        assertEquals(PoolSpec.cluster(0), rules.get(2).poolSpec());
        assertEquals("cluster(64) com.example.Tiles#render", rules.get(0).lineAccepting(java.util.Set.of()));
    }

    @Test
    void aBadClusterCountNamesTheFix() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("lox.conf", List.of("cluster(x) com.example.T#r")));
        assertEquals(1, e.errors().size());
        assertTrue(e.errors().get(0).startsWith("lox.conf:1: bad count \"x\" in cluster(x)"), e.errors().get(0));
    }
}
