package dev.lox.worker.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of one call of a process pool, which its caller holds. What is sent, and where, is its
 * {@link PendingCall}, which it lets go once it is over: an answered call that waits to be gathered
 * is a plain future's size (24 bytes with compressed pointers). A thread that waits for it first
 * reads responses itself for a moment ({@link WorkerPool#help}), so that a quick call's result does
 * not wait for a thread hand-off; then it blocks as any future's waiter does.
 *
 * <p>{@code cancel(true)} of a call that a worker holds asks the worker to interrupt it (or skip it,
 * if it has not started); a call that does not stop within the pool's grace period gets its worker
 * replaced. A cancelled call still in the pool's backlog is never sent.
 */
final class ProcessCall extends CompletableFuture<Object> {
    /** The call until it is over, then null. */
    private volatile PendingCall pending;

    /** Made by its {@link PendingCall}. */
    ProcessCall(PendingCall pending) {
        this.pending = pending;
    }

    @Override
    public boolean complete(Object value) {
        boolean done = super.complete(value);
        over();
        return done;
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
        boolean done = super.completeExceptionally(failure);
        over();
        return done;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        PendingCall p = pending;
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        over();
        if (cancelled && mayInterruptIfRunning && p != null) {
            p.interrupt();
        }
        return cancelled;
    }

    /** Lets go of the pending call (its channel, if any, still holds it until its worker answers). */
    private void over() {
        PendingCall p = pending;
        if (p != null) {
            pending = null;
            p.over();
        }
    }

    @Override
    public Object get() throws InterruptedException, ExecutionException {
        help(Long.MAX_VALUE + System.nanoTime());
        return super.get();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        help(deadline);
        return super.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public Object join() {
        help(Long.MAX_VALUE + System.nanoTime());
        return super.join();
    }

    private void help(long deadlineNanos) {
        PendingCall p = pending;
        if (p != null) { // else it is over: nothing to read for it
            p.pool().help(this, deadlineNanos);
        }
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>(); // dependents are plain futures: they are completed by this one
    }

    @Override
    public String toString() {
        PendingCall p = pending;
        return p != null ? p.toString() : super.toString(); // its id and method are let go with the call
    }
}
