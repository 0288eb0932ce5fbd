package dev.lox.internal;

import java.util.concurrent.Semaphore;

/**
 * The permit a call of a bounded virtual pool holds while it runs, lent back to its pool while the
 * call waits in a gather. Without the loan, N calls that each gather calls of their own pool (a
 * recursive fan-out) would hold all N permits while the calls they wait for wait for a permit: a
 * hang nobody is told of. With it, a waiting call does not count against the bound (it runs nothing
 * while it waits), and it takes a permit again before it goes on, so at most N calls run at once.
 */
final class PermitLoan {
    private static final ThreadLocal<Semaphore> HELD = new ThreadLocal<>();

    private PermitLoan() {
    }

    /** Marks this thread's call as holding a permit of {@code permits}. */
    static void hold(Semaphore permits) {
        HELD.set(permits);
    }

    /** The call's permit has been given back to its pool for good. */
    static void drop() {
        HELD.remove();
    }

    /**
     * Before a gather waits: gives this thread's permit, if it holds one, back to its pool. Returns
     * what to pass to {@link #takeBack} when the wait is over (null if nothing was lent).
     */
    static Semaphore lend() {
        Semaphore held = HELD.get();
        if (held != null) {
            HELD.set(null); // a progress callback that gathers again must not lend twice
            held.release();
        }
        return held;
    }

    /** After the wait: takes a permit again before the call goes on (an interrupt does not end this wait). */
    static void takeBack(Semaphore lent) {
        if (lent != null) {
            lent.acquireUninterruptibly();
            HELD.set(lent);
        }
    }
}
