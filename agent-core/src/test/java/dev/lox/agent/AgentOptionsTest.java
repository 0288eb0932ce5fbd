package dev.lox.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.agent.config.ConfigException;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    @Test
    void noArgumentsNoConfig() throws ConfigException {
        AgentOptions o = AgentOptions.parse(null, null, null);
        assertNull(o.configPath());
        assertFalse(o.verbose());
    }

    @Test
    void pathAndVerboseInEitherOrder() throws ConfigException {
        assertEquals(new AgentOptions("lox.conf", "-javaagent:lox-agent.jar=lox.conf,verbose", true),
                AgentOptions.parse("lox.conf,verbose", null, null));
        AgentOptions o = AgentOptions.parse("verbose,conf/lox.conf", null, null);
        assertEquals("conf/lox.conf", o.configPath());
        assertTrue(o.verbose());
    }

    @Test
    void verboseAlone() throws ConfigException {
        AgentOptions o = AgentOptions.parse("verbose", null, null);
        assertNull(o.configPath());
        assertTrue(o.verbose());
    }

    /** The agent argument wins over -Dlox.config, which wins over LOX_CONFIG. */
    @Test
    void argumentWinsOverPropertyOverEnvironment() throws ConfigException {
        assertEquals("arg.conf", AgentOptions.parse("arg.conf", "prop.conf", "env.conf").configPath());
        AgentOptions property = AgentOptions.parse("verbose", "prop.conf", "env.conf");
        assertEquals("prop.conf", property.configPath());
        assertEquals("-Dlox.config", property.configSource());
        AgentOptions env = AgentOptions.parse(null, " ", "env.conf");
        assertEquals("env.conf", env.configPath());
        assertEquals("LOX_CONFIG", env.configSource());
    }

    @Test
    void twoPathsAreAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> AgentOptions.parse("a.conf,b.conf", null, null));
        assertEquals("lox: -javaagent options \"a.conf,b.conf\" name two config files, \"a.conf\" and \"b.conf\":"
                + " write -javaagent:lox-agent.jar=CONFIG_FILE[,verbose][,cluster=CLUSTER]", e.errors().get(0));
    }
}
