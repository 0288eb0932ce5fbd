package dev.lox.spi;

/**
 * Where {@code @Lox.Cluster} pools come from: a runtime that sends calls to the members of a
 * cluster. lox-api has none of its own; lox-cluster provides one through
 * {@link java.util.ServiceLoader}, and the agent jar carries it. A cluster pool is a
 * {@link ProcessBackend.ProcessPool}: the same calls by value, the same futures.
 */
public interface ClusterBackend {

    /**
     * Opens a pool on the cluster {@code cluster} names. The cluster (its connection, and for
     * {@code local:N} its member JVMs) is shared by every pool of this JVM that names it, and made by
     * the first.
     *
     * @param name readable name of the method, for messages
     * @param calls the most calls in flight, at least 1
     * @param loader the class loader of the method's class (null: the bootstrap loader); results are
     *     read with it
     * @param cluster {@code local:N} or the path of a Hazelcast configuration file, as the user wrote it
     * @param source where {@code cluster} was given ({@code -Dlox.cluster}, {@code LOX_CLUSTER}), for messages
     * @param callTimeout how long one call may run on a member before it fails with
     *     {@link dev.lox.CallTimeoutException} and the member interrupts it ({@link java.time.Duration#ZERO}:
     *     no limit); resolved by lox-api (the method's own, else {@code -Dlox.cluster.callTimeout}, else 10 minutes)
     * @throws IllegalArgumentException if {@code cluster} names no cluster lox can use, saying why and the fix
     */
    ProcessBackend.ProcessPool open(String name, int calls, ClassLoader loader, String cluster, String source,
            java.time.Duration callTimeout);
}
