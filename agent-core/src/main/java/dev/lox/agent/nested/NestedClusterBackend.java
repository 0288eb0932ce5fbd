package dev.lox.agent.nested;

import dev.lox.spi.ClusterBackend;
import dev.lox.spi.ProcessBackend;
import java.io.IOException;

/**
 * The cluster backend lox-api finds in the agent jar ({@link java.util.ServiceLoader}): on the first
 * {@link #open}, it opens {@link NestedJar#CLUSTER} and hands every pool to lox-cluster's backend
 * loaded from it. Until then no Hazelcast class is on any class path of the application, so an
 * application without cluster pools pays nothing for them.
 */
public final class NestedClusterBackend implements ClusterBackend {
    static final String BACKEND = "dev.lox.cluster.HazelcastBackend";

    private static ClusterBackend backend; // guarded by NestedClusterBackend.class

    /** Called by {@link java.util.ServiceLoader}. */
    public NestedClusterBackend() {
    }

    @Override
    public ProcessBackend.ProcessPool open(String name, int calls, ClassLoader loader, String cluster, String source,
            java.time.Duration callTimeout) {
        return backend().open(name, calls, loader, cluster, source, callTimeout);
    }

    private static synchronized ClusterBackend backend() {
        if (backend == null) {
            try {
                Class<?> type = Class.forName(BACKEND, true, NestedJar.CLUSTER.loader());
                backend = (ClusterBackend) type.getConstructor().newInstance();
            } catch (IOException e) {
                throw new IllegalStateException("cluster mode: lox could not extract its cluster runtime (" + NestedJar.CLUSTER
                        + "): " + e.getMessage(), e);
            } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                throw new IllegalStateException("cluster mode: lox could not load its cluster runtime (" + BACKEND + " from "
                        + NestedJar.CLUSTER + " in the agent jar): " + e + "; use the lox-agent.jar the build made, unmodified", e);
            }
        }
        return backend;
    }
}
