package dev.lox.internal;

import dev.lox.spi.ClusterBackend;
import java.time.Duration;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Opens {@code @Lox.Cluster} pools: on the cluster {@link ClusterSetting} names, through the cluster
 * backend found on the class path (lox-cluster, which the agent jar carries); or, when no cluster is
 * named, on local worker JVMs as a process pool, which lox says once.
 */
final class ClusterCallPool {
    private ClusterCallPool() {
    }

    /** The system property that sets the call timeout of every cluster pool given none of its own. */
    static final String CALL_TIMEOUT = "lox.cluster.callTimeout";

    /** @param callTimeout the method's own call timeout; null for {@value #CALL_TIMEOUT}, else 10 minutes */
    static CallPool open(String name, int calls, ClassLoader loader, Duration callTimeout) {
        Duration timeout = callTimeout(callTimeout, System.getProperty(CALL_TIMEOUT));
        ClusterSetting setting = ClusterSetting.current();
        if (setting == null) {
            int workers = localWorkers(calls);
            ApiLog.warnOnce("no cluster is configured, so cluster pools run on local worker JVMs as process pools do (a worker"
                    + " per processor at most); name one with -D" + ClusterSetting.PROPERTY + "=local:N (N member JVMs here),"
                    + " -D" + ClusterSetting.PROPERTY + "=hazelcast.yaml, the agent option cluster=... or " + ClusterSetting.ENVIRONMENT);
            return ProcessCallPool.open(name, workers, loader, timeout);
        }
        return ProcessCallPool.of(backend(setting).open(name, calls, loader, setting.value(), setting.source(), timeout));
    }

    /** A cluster pool's call timeout: the method's own, else the property's, else {@link PoolSpec#defaultCallTimeout()}. */
    static Duration callTimeout(Duration own, String property) {
        if (own != null) {
            return own;
        }
        return property == null ? PoolSpec.defaultCallTimeout() : Timeouts.parse("-D" + CALL_TIMEOUT, property);
    }

    /** Without a cluster: a worker per processor, fewer if fewer calls may be in flight. */
    static int localWorkers(int calls) {
        return Math.max(1, Math.min(calls, PoolSpec.defaultProcesses()));
    }

    private static ClusterBackend backend(ClusterSetting setting) {
        Iterator<ClusterBackend> found = ServiceLoader.load(ClusterBackend.class, ClusterCallPool.class.getClassLoader()).iterator();
        if (!found.hasNext()) {
            throw new IllegalStateException("cluster pools need lox's cluster runtime, and it is not on the class path (the cluster "
                    + setting.value() + " is named by " + setting.source() + "): start the JVM with -javaagent:lox-agent.jar"
                    + " (the agent jar carries it), or put lox-cluster and Hazelcast on the class path");
        }
        return found.next();
    }
}
