package dev.lox.worker.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of one call sent to a worker. A thread that waits for it first reads responses itself
 * for a moment ({@link WorkerPool#help}), so that a quick call's result does not wait for a thread
 * hand-off; then it blocks as any future's waiter does.
 */
final class ProcessCall extends CompletableFuture<Object> {
    private final WorkerPool pool;

    ProcessCall(WorkerPool pool) {
        this.pool = pool;
    }

    @Override
    public Object get() throws InterruptedException, ExecutionException {
        pool.help(this, Long.MAX_VALUE + System.nanoTime());
        return super.get();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        pool.help(this, deadline);
        return super.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public Object join() {
        pool.help(this, Long.MAX_VALUE + System.nanoTime());
        return super.join();
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>(); // dependents are plain futures: they are completed by this one
    }
}
