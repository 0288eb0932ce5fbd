package dev.lox.internal;

import dev.lox.function.Fn0;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One call on a thread pool: the future the caller holds is also the task the pool runs, so a
 * scatter costs one object more than the caller's own arguments.
 */
class ScatteredCall<R> extends CompletableFuture<R> implements Runnable {
    /**
     * A completion the gatherer did not hear of (a caller's own cancel) costs at most this. (Waking
     * the gatherer from overrides of complete/cancel instead, with a long recheck, was measured side
     * by side: 10,000 trivial calls on 2 threads went from 0.88x to 1.10x the ExecutorService loop,
     * medians of 6 alternating JMH rounds. A 1 ms park costs a gather a wake-up a millisecond.)
     */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

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
