package dev.lox.worker.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How an idle queue reader waits: a balanced pauser that spins or yields briefly (so a busy exchange
 * of calls stays in the microseconds), then parks for longer and longer, so that an idle reader costs
 * almost no CPU.
 *
 * <p>Why not Chronicle's {@code Pauser.balanced()}: on machines with fewer than four processors it
 * silently becomes {@code Pauser.sleepy()}, which sleeps half a millisecond after only 50 yields, so
 * a call that arrives then waits that long; and lox's readers need a cheap {@link #wake()} from
 * other threads (the worker's doorbell, the parent's next call).
 *
 * <p>Used by one thread; {@link #wake()} may be called from any.
 */
final class Backoff {
    private final long spinNanos;
    private final long yieldNanos;
    private final long maxParkNanos;

    private long idleSince;
    private long parkNanos;
    private volatile Thread owner;

    /**
     * @param spinNanos how long to spin after the last message (0 on a machine that may be busy)
     * @param yieldNanos how long to yield after that
     * @param maxParkNanos the longest single park, which bounds the wake-up delay of a reader that
     *     nobody can {@link #wake()} (a worker, whose parent is another JVM)
     */
    Backoff(long spinNanos, long yieldNanos, long maxParkNanos) {
        this.spinNanos = spinNanos;
        this.yieldNanos = yieldNanos;
        this.maxParkNanos = maxParkNanos;
    }

    /**
     * The parent's reader: yields for 1 ms after the last message, then parks for up to
     * {@code maxParkMillis}. Yielding rather than spinning: on a machine whose cores are busy, a
     * spinning reader keeps the CPU from the very thread it waits for (measured: round trips of
     * 3 µs or 100 µs, by chance, against a steady 8 µs when yielding).
     */
    static Backoff balanced(long maxParkMillis) {
        return new Backoff(0, TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(maxParkMillis));
    }

    /** Work was found: the next pause starts spinning again. */
    void reset() {
        idleSince = 0;
    }

    /** Whether the next {@link #pause()} would park rather than spin or yield. */
    boolean willPark() {
        return idleSince != 0 && System.nanoTime() - idleSince >= spinNanos + yieldNanos;
    }

    /** Nothing was found: waits a little, longer the longer nothing has been found. */
    void pause() {
        if (owner == null) {
            owner = Thread.currentThread();
        }
        long now = System.nanoTime();
        if (idleSince == 0) {
            idleSince = now;
            parkNanos = TimeUnit.MICROSECONDS.toNanos(20);
        }
        long idle = now - idleSince;
        if (idle < spinNanos) {
            Thread.onSpinWait();
        } else if (idle < spinNanos + yieldNanos) {
            Thread.yield();
        } else {
            park(parkNanos);
            parkNanos = Math.min(maxParkNanos, parkNanos * 2);
        }
    }

    /** Parks until {@link #wake()} or the time given, whichever comes first. */
    void park(long nanos) {
        if (owner == null) {
            owner = Thread.currentThread();
        }
        LockSupport.parkNanos(this, nanos);
    }

    /**
     * Ends the reader's park at once, or makes its next park return at once: a wake that races with
     * the reader going to sleep is never lost (LockSupport's permit), so a call is not left waiting
     * for the longest park.
     */
    void wake() {
        Thread t = owner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
