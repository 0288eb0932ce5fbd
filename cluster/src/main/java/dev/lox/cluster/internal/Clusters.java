package dev.lox.cluster.internal;

import dev.lox.spi.ProcessBackend;
import dev.lox.worker.JdkAccess;
import dev.lox.worker.internal.CallCodec;
import java.time.Duration;
import java.util.List;

/** The entry to the driver's side: a pool on the cluster a setting names. */
public final class Clusters {
    private Clusters() {
    }

    /**
     * A pool of {@code calls} calls in flight on the cluster {@code cluster} names (its connection
     * opened by the first pool that names it).
     *
     * @param callTimeout how long a call may run on a member ({@link Duration#ZERO}: no limit)
     *
     * @throws IllegalArgumentException if the setting names no cluster lox can use
     */
    public static ProcessBackend.ProcessPool open(String name, int calls, ClassLoader loader, String cluster, String source,
            Duration callTimeout) {
        ClusterSpec spec = ClusterSpec.parse(cluster, source);
        // Kryo (in process mode's runtime) and Hazelcast (in this one) reach into the JDK as in process mode:
        // the agent opens what they need to their loaders' modules.
        boolean open = JdkAccess.ensureOpen(Clusters.class.getModule()) & JdkAccess.ensureOpen(CallCodec.class.getModule());
        if (!open) {
            throw new IllegalStateException("cluster mode (" + name + ") needs access to JDK internals for Kryo, as process mode"
                    + " does, and this JVM does not give it: start it with -javaagent:lox-agent.jar (which opens them), or add"
                    + " the flags --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED"
                    + " --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
                    + " --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED");
        }
        return ClusterConnection.open(spec, source, loader).newPool(name, calls, loader, callTimeout);
    }

    /** The member JVMs of the open {@code local:N} cluster, for tests that kill one; empty if none is open. */
    public static List<Process> localMembers(String cluster) {
        return ClusterConnection.openLocalProcesses(cluster);
    }
}
