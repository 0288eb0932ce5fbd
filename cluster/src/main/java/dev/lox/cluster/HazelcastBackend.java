package dev.lox.cluster;

import dev.lox.cluster.internal.Clusters;
import dev.lox.spi.ClusterBackend;
import dev.lox.spi.ProcessBackend;

/**
 * lox's cluster mode on Hazelcast (Community Edition): {@code @Lox.Cluster} pools whose calls run on
 * the members of a cluster. Found by lox-api through {@link java.util.ServiceLoader}; in the agent jar,
 * nested ({@code META-INF/lox/cluster.jar}) and opened on the first cluster pool.
 *
 * <p>Settings (system properties of the driver): {@code lox.cluster.tries}, how many times a call may
 * lose its member before it fails (default 3); {@code lox.cluster.memberThreads}, the calls a
 * {@code local:N} member runs at once (default: the processors divided among the members);
 * {@code lox.cluster.jvmArgs}, extra flags for {@code local:N} member JVMs; {@code lox.cluster.maxMessageBytes},
 * the largest envelope sent or accepted (default 64 MiB). A pool's call timeout ({@code lox.cluster.callTimeout})
 * is resolved by lox-api. docs/cluster.md has them all.
 */
public final class HazelcastBackend implements ClusterBackend {

    /** Called by {@link java.util.ServiceLoader}. */
    public HazelcastBackend() {
    }

    @Override
    public ProcessBackend.ProcessPool open(String name, int calls, ClassLoader loader, String cluster, String source,
            java.time.Duration callTimeout) {
        return Clusters.open(name, calls, loader, cluster, source, callTimeout);
    }
}
