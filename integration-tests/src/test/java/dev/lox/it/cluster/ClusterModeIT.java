package dev.lox.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.it.Jvm;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** Cluster mode through the real, shaded agent jar: {@link ClusterApp} on local:2, as a user runs it. */
class ClusterModeIT {
    static Path testClasses() throws Exception {
        return Paths.get(ClusterApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void anAnnotatedMethodRunsOnLocalMembersNamedByTheAgentOption() throws Exception {
        Jvm.Result r = Jvm.java().agent("cluster=local:2").classPath(testClasses()).main(ClusterApp.class).timeoutSeconds(180).run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("order [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]"), r::toString);
        assertTrue(r.stdout().contains("checksums right true"), r::toString);
        assertTrue(r.stdout().contains("in the driver false, members 2"), r::toString);
        assertTrue(r.stdout().contains("failure IllegalStateException: tile 3 is broken"), r::toString);
        // Java 24+ warns (4 lines) of the driver's Hazelcast client's Unsafe call, which lox cannot prevent in the
        // user's JVM: lox says once before it which flag silences it. Nothing else warns, and Hazelcast logs nothing.
        boolean warnsOfUnsafe = Runtime.version().feature() >= 24;
        for (String line : r.stderr().split("\n")) {
            if (line.startsWith("WARNING")) {
                // the JVM's four lines: "A terminally deprecated method in sun.misc.Unsafe ...", "... called by
                // dev.lox.shaded.hazelcast.internal.memory.impl.UnsafeUtil ...", "... maintainers of class ...UnsafeUtil", "... removed"
                assertTrue(warnsOfUnsafe && line.contains("Unsafe"), "a warning other than the JVM's of Unsafe: " + r.stderr());
            }
        }
        assertEquals(warnsOfUnsafe, r.stderr().contains("add --sun-misc-unsafe-memory-access=allow to this java command"), r::toString);
        assertFalse(r.stderr().contains("INFO") || r.stderr().contains("SEVERE"), "no Hazelcast log lines: " + r.stderr());
    }

    @Test
    void withoutAClusterTheSameAppRunsOnWorkerJvmsAndSaysSo() throws Exception {
        Jvm.Result r = Jvm.java().agent(null).classPath(testClasses()).main(ClusterApp.class).timeoutSeconds(180).run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("order [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]"), r::toString);
        assertTrue(r.stdout().contains("in the driver false"), r::toString);
        assertTrue(r.stderr().contains("lox: no cluster is configured, so cluster pools run on local worker JVMs"), r::toString);
    }
}
