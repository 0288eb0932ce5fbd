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
 *
 * <p>A thread of the pool that waits for a call still queued runs it itself (see
 * {@link ScatteredCall}); such a call stays in the executor's queue until a thread takes it and
 * finds it done, so {@link #queued()} leaves those out.
 */
final class ThreadCallPool implements CallPool {
    private static final long IDLE_SECONDS = 60;

    private final String name;
    private final ThreadPoolExecutor executor;
    /** Threads of this pool inside a wait for a call (and not running one in it). */
    private final AtomicInteger waiting = new AtomicInteger();

    ThreadCallPool(String name, int size) {
        this.name = name;
        executor = new ThreadPoolExecutor(size, size, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new Threads());
        executor.allowCoreThreadTimeOut(true);
    }

    @Override
    public <R> CompletableFuture<R> submit(Fn0<R> task, MethodRef method, Object[] arguments) {
        ScatteredCall<R> call = new ScatteredCall<>(task, this);
        executor.execute(call);
        return call;
    }

    /** The parallel method's name, for messages. */
    String name() {
        return name;
    }

    @Override
    public int queued() {
        // Counted, not kept as a running difference: a call a waiting thread claimed stays in the
        // queue until a pool thread takes it, and the two counts moved in either order, so their
        // difference could be off while threads were between them.
        int unclaimed = 0;
        for (Runnable queued : executor.getQueue()) {
            if (!(queued instanceof ScatteredCall<?> call) || !call.isClaimed()) {
                unclaimed++;
            }
        }
        return unclaimed;
    }

    void startWaiting() {
        waiting.incrementAndGet();
    }

    void stopWaiting() {
        waiting.decrementAndGet();
    }

    /**
     * True if every thread of the pool is waiting for a call, so none will take a queued call until
     * one of those waits ends. (A call is queued only once the pool has all its threads.)
     */
    boolean isStalled() {
        return waiting.get() >= executor.getPoolSize();
    }

    @Override
    public boolean sendsArguments() {
        return false;
    }

    @Override
    public boolean isInline() {
        return false;
    }

    /**
     * Makes this pool's threads, named {@code lox-<pool>-<n>}. A class, not a lambda: the first
     * pool of a JVM is often made at start-up, where a lambda's first use costs a spun class.
     */
    private final class Threads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            return new PoolThread(ThreadCallPool.this, runnable, "lox-" + name + "-" + count.incrementAndGet());
        }
    }
}
