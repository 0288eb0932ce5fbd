package dev.lox.internal;

import dev.lox.function.Fn0;
import dev.lox.spi.MethodRef;
import dev.lox.spi.ProcessBackend;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;

/** Adapts the process backend found on the class path (lox-worker-launcher) to a {@link CallPool}. */
final class ProcessCallPool implements CallPool {
    private final ProcessBackend.ProcessPool pool;

    private ProcessCallPool(ProcessBackend.ProcessPool pool) {
        this.pool = pool;
    }

    /** @param callTimeout the pool's call timeout; null for the backend's default */
    static CallPool open(String name, int size, ClassLoader loader, java.time.Duration callTimeout) {
        return new ProcessCallPool(backend().open(name, size, loader, callTimeout));
    }

    /** A pool of another backend that sends calls as process pools do (a cluster's). */
    static CallPool of(ProcessBackend.ProcessPool pool) {
        return new ProcessCallPool(pool);
    }

    private static ProcessBackend backend() {
        Iterator<ProcessBackend> found = ServiceLoader.load(ProcessBackend.class, ProcessCallPool.class.getClassLoader()).iterator();
        if (!found.hasNext()) {
            throw new IllegalStateException("process mode needs lox's worker launcher, and it is not on the class path: "
                    + "start the JVM with -javaagent:lox-agent.jar (the agent jar carries it), "
                    + "or use a thread pool (@Lox.Thread, Lox.thread(n))");
        }
        return found.next();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> submit(Fn0<R> task, MethodRef method, Object[] arguments) {
        Map<String, Object> carried = ScatterTask.carriedValues(task);
        return (CompletableFuture<R>) (carried.isEmpty() ? pool.submit(method, arguments) : pool.submit(method, arguments, carried));
    }

    @Override
    public int queued() {
        return pool.queued();
    }

    @Override
    public boolean sendsArguments() {
        return true;
    }

    @Override
    public boolean isInline() {
        return false;
    }

}
