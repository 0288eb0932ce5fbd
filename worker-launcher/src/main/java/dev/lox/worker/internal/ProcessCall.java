package dev.lox.worker.internal;

import dev.lox.spi.MethodRef;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One call of a process pool: what is sent (its id, method, serialized arguments and extra parts)
 * and the future its caller holds. A thread that waits for it first reads responses itself for a
 * moment ({@link WorkerPool#help}), so that a quick call's result does not wait for a thread
 * hand-off; then it blocks as any future's waiter does.
 *
 * <p>{@code cancel(true)} of a call that a worker holds asks the worker to interrupt it (or skip it,
 * if it has not started); a call that does not stop within the pool's grace period gets its worker
 * replaced. A cancelled call still in the pool's backlog is never sent.
 */
final class ProcessCall extends CompletableFuture<Object> {
    private final WorkerPool pool;
    private final long id;
    private final MethodRef method;
    /** The serialized arguments, let go once the call is over (a 64 MiB argument must not live as long as its future). */
    private volatile byte[] body;
    private final List<CallProtocol.Part> parts;
    private volatile WorkerChannel channel;
    private volatile long cancelledNanos;

    ProcessCall(WorkerPool pool, long id, MethodRef method, byte[] body, List<CallProtocol.Part> parts) {
        this.pool = pool;
        this.id = id;
        this.method = method;
        this.body = body;
        this.parts = parts;
    }

    long id() {
        return id;
    }

    MethodRef method() {
        return method;
    }

    /** The serialized arguments, or null once the call is over. */
    byte[] body() {
        return body;
    }

    @Override
    public boolean complete(Object value) {
        boolean done = super.complete(value);
        body = null;
        return done;
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
        boolean done = super.completeExceptionally(failure);
        body = null;
        return done;
    }

    List<CallProtocol.Part> parts() {
        return parts;
    }

    /** Called by the channel it is sent on. */
    void sentTo(WorkerChannel channel) {
        this.channel = channel;
    }

    /** When {@code cancel(true)} was called ({@link System#nanoTime}), or 0. */
    long cancelledNanos() {
        return cancelledNanos;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        body = null;
        WorkerChannel c = channel;
        if (cancelled && mayInterruptIfRunning && c != null) {
            cancelledNanos = Math.max(1, System.nanoTime());
            c.cancel(id);
        }
        return cancelled;
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

    @Override
    public String toString() {
        return "call " + id + " of " + method.displayName();
    }
}
