package dev.lox.internal;

import dev.lox.function.Fn0;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One call on a thread pool: the future the caller holds is also the task the pool runs, so a
 * scatter costs one object more than the caller's own arguments.
 */
final class ScatteredCall<R> extends CompletableFuture<R> implements Runnable {
    /**
     * Every completion this class can see wakes the gatherer (the overrides below); {@code completeAsync}
     * completes through a package-private path of CompletableFuture that cannot be overridden, so a
     * gatherer still looks again this often rather than sleep through it.
     */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private Fn0<R> task;
    private volatile Thread gatherer;

    ScatteredCall(Fn0<R> task) {
        this.task = task;
    }

    @Override
    public void run() {
        Fn0<R> t = task;
        task = null; // let the arguments go as soon as the call is done
        if (t == null || isDone()) {
            return; // cancelled by the caller before it started
        }
        try {
            complete(t.apply());
        } catch (Throwable e) {
            completeExceptionally(e);
        }
    }

    // A caller may complete, fail or cancel the future it holds: the gatherer hears of it at once.

    @Override
    public boolean complete(R value) {
        boolean changed = super.complete(value);
        wakeGatherer();
        return changed;
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
        boolean changed = super.completeExceptionally(failure);
        wakeGatherer();
        return changed;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean changed = super.cancel(mayInterruptIfRunning);
        wakeGatherer();
        return changed;
    }

    @Override
    public void obtrudeValue(R value) {
        super.obtrudeValue(value);
        wakeGatherer();
    }

    @Override
    public void obtrudeException(Throwable failure) {
        super.obtrudeException(failure);
        wakeGatherer();
    }

    private void wakeGatherer() {
        Thread waiting = gatherer;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /**
     * Waits until the call is done, parking at once. {@code CompletableFuture.get} spins first, which
     * on a machine with fewer cores than pool threads takes the CPU from the very threads the
     * gatherer waits for.
     */
    void awaitDone() throws InterruptedException {
        if (isDone()) {
            return;
        }
        gatherer = Thread.currentThread();
        try {
            while (!isDone()) {
                LockSupport.parkNanos(this, RECHECK_NANOS);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            gatherer = null;
        }
    }
}
