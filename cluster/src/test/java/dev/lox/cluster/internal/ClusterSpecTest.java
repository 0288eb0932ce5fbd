package dev.lox.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a cluster setting may name, and the errors for what it may not. */
class ClusterSpecTest {
    @Test
    void localNamesItsMemberCount() {
        ClusterSpec spec = ClusterSpec.parse("local:3", "-Dlox.cluster");
        assertTrue(spec.isLocal());
        assertEquals(3, spec.localMembers());
        assertEquals("local:3", spec.toString());
    }

    @Test
    void aBadCountIsRefusedNamingTheValueAndItsSource() {
        for (String bad : new String[] {"local:0", "local:x", "local:", "local:+2", "local:99"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterSpec.parse(bad, "LOX_CLUSTER"));
            assertTrue(e.getMessage().contains("\"" + bad + "\" (from LOX_CLUSTER)") && e.getMessage().contains("local:N"), e.getMessage());
        }
    }

    @Test
    void aFileMustExistAndBeYamlOrXml(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("hazelcast.yaml"), "hazelcast:\n  cluster-name: x\n");
        assertEquals(yaml, ClusterSpec.parse(yaml.toString(), "-Dlox.cluster").file());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ClusterSpec.parse(dir.resolve("nope.yaml").toString(), "-Dlox.cluster"));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> ClusterSpec.parse("mycluster", "-Dlox.cluster"));
        assertTrue(other.getMessage().contains("neither local:N nor a Hazelcast configuration file"), other.getMessage());
    }
}
