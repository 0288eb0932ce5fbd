package dev.lox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.Lox;
import org.junit.jupiter.api.Test;

/** Which cluster a JVM is given, and what @Lox.Cluster and Lox.cluster(n) ask for. */
class ClusterSettingTest {
    private static final ClusterSetting AGENT = new ClusterSetting("local:2", "the agent option cluster=local:2");

    /** The agent option wins over -Dlox.cluster, which wins over LOX_CLUSTER: the config file's precedence. */
    @Test
    void agentOptionWinsOverPropertyOverEnvironment() {
        assertEquals(AGENT, ClusterSetting.resolve(AGENT, "local:3", "local:4"));
        assertEquals(new ClusterSetting("local:3", "-Dlox.cluster"), ClusterSetting.resolve(null, " local:3 ", "local:4"));
        assertEquals(new ClusterSetting("hz.yaml", "LOX_CLUSTER"), ClusterSetting.resolve(null, " ", "hz.yaml"));
        assertNull(ClusterSetting.resolve(null, null, ""));
    }

    static final class Marked {
        @Lox.Cluster(8)
        static int eight(int x) {
            return x;
        }

        @Lox.Cluster
        static int byDefault(int x) {
            return x;
        }

        @Lox.Cluster(-1)
        static int negative(int x) {
            return x;
        }
    }

    @Test
    void theAnnotationGivesAClusterPoolOfItsCallsInFlight() throws Exception {
        PoolSpec eight = ParallelMethods.specOf(Marked.class.getDeclaredMethod("eight", int.class));
        assertEquals(PoolSpec.cluster(8), eight);
        assertEquals("cluster(8)", eight.toString());
        assertEquals("@Lox.Cluster(8)", eight.asAnnotation());
        assertEquals(PoolSpec.cluster(PoolSpec.DEFAULT_CLUSTER_CALLS),
                ParallelMethods.specOf(Marked.class.getDeclaredMethod("byDefault", int.class)));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ParallelMethods.specOf(Marked.class.getDeclaredMethod("negative", int.class)));
        assertTrue(e.getMessage().startsWith("@Lox.Cluster(-1) on ") && e.getMessage().endsWith("for 64 calls in flight"), e.getMessage());
    }

    @Test
    void withoutAClusterAPoolHasAWorkerPerProcessorAtMost() {
        assertEquals(1, ClusterCallPool.localWorkers(1));
        assertEquals(Math.min(64, Runtime.getRuntime().availableProcessors()), ClusterCallPool.localWorkers(64));
    }
}
