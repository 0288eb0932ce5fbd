package dev.lox.internal;

import dev.lox.function.Fn0;
import dev.lox.spi.MethodRef;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool of up to {@code size} daemon threads for one parallel method, like lox's per-function
 * {@code ThreadPoolExecutor}. Threads start as calls arrive and end after a minute idle, so an
 * unused pool holds no threads and never keeps the JVM alive.
 */
final class ThreadCallPool implements CallPool {
    private static final long IDLE_SECONDS = 60;

    private final ThreadPoolExecutor executor;

    ThreadCallPool(String name, int size) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "lox-" + name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        executor = new ThreadPoolExecutor(size, size, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        executor.allowCoreThreadTimeOut(true);
    }

    @Override
    public <R> CompletableFuture<R> submit(Fn0<R> task, MethodRef method, Object[] arguments) {
        ScatteredCall<R> call = new ScatteredCall<>(task);
        executor.execute(call);
        return call;
    }

    @Override
    public int queued() {
        return executor.getQueue().size();
    }

    @Override
    public boolean sendsArguments() {
        return false;
    }

    @Override
    public boolean isInline() {
        return false;
    }

}
