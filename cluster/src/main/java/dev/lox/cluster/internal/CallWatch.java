package dev.lox.cluster.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A member's watch on one running call's timeout: past it, the thread running the call is
 * interrupted and {@code onTimeout} is told (it sends the driver its notice). The interrupt is the
 * only way to stop a call in a JVM that runs others beside it; a call that ignores it runs on until
 * it returns, holding its thread, and its result is then dropped.
 *
 * <p>Use: {@code try (CallWatch watch = CallWatch.start(timeout, onTimeout)) { run the call }}, on
 * the thread that runs it. The interrupt never outlives {@link #close}: a call that ends just as it
 * expires leaves its thread's interrupt status as it found it, so the member's next call on that
 * thread is not interrupted by this one's timeout.
 *
 * <p>One daemon thread per member looks over the calls running every {@link #TICK_MILLIS} ms, so a
 * call is interrupted within that of its timeout. A look every tick, not an alarm a call: an alarm
 * scheduled and cancelled for every call wakes the alarm thread once a call (its queue's head
 * changes), and took the members' CPU per small call from 173 to 191 µs (ClusterBench, medians of 3,
 * docs/cluster.md); a set's add and remove left it at 173.
 */
final class CallWatch implements AutoCloseable {
    /** Told the elapsed nanoseconds when a call is interrupted for its timeout; runs on the looking thread. */
    interface OnTimeout {
        void expired(long elapsedNanos);
    }

    /** How often the running calls are looked over: a timeout is kept to within this. */
    static final long TICK_MILLIS = 100;
    private static final Set<CallWatch> RUNNING = ConcurrentHashMap.newKeySet();

    private final Thread thread = Thread.currentThread();
    private final long startNanos = System.nanoTime();
    private final OnTimeout onTimeout;
    private final long timeoutNanos;
    private boolean running = true; // guarded by this
    private long expiredAfterNanos = -1; // guarded by this; -1 until it expires

    private CallWatch(long timeoutNanos, OnTimeout onTimeout) {
        this.timeoutNanos = timeoutNanos;
        this.onTimeout = onTimeout;
    }

    /** The thread that looks over the running calls, started with the first call that has a timeout. */
    private static final class Looker {
        static {
            Thread t = new Thread(Looker::run, "lox-member-call-timeouts");
            t.setDaemon(true);
            t.start();
        }

        static void started() {
            // loading this class started the thread
        }

        private static void run() {
            while (true) {
                long now = System.nanoTime();
                for (CallWatch watch : RUNNING) {
                    if (now - watch.startNanos >= watch.timeoutNanos) {
                        RUNNING.remove(watch);
                        try {
                            watch.expire();
                        } catch (Throwable t) {
                            // This thread keeps every later call's timeout: it must not die of one call's notice.
                            System.err.println("lox member: the timeout of a call could not be told: " + t);
                        }
                    }
                }
                try {
                    Thread.sleep(TICK_MILLIS); // a clock tick: nothing to wait for but time
                } catch (InterruptedException e) {
                    return; // the member is exiting
                }
            }
        }
    }

    /** Watches the call about to run on this thread; {@code timeoutNanos} 0 sets no limit. */
    static CallWatch start(long timeoutNanos, OnTimeout onTimeout) {
        CallWatch watch = new CallWatch(timeoutNanos, onTimeout);
        if (timeoutNanos > 0) {
            Looker.started();
            RUNNING.add(watch);
        }
        return watch;
    }

    private void expire() {
        long elapsed;
        synchronized (this) {
            if (!running) {
                return;
            }
            elapsed = System.nanoTime() - startNanos;
            expiredAfterNanos = elapsed;
            thread.interrupt(); // under the lock: close() cannot clear the status before this sets it
        }
        onTimeout.expired(elapsed);
    }

    /** How long the call had run when it was interrupted for its timeout; -1 if it was not. */
    synchronized long expiredAfterNanos() {
        return expiredAfterNanos;
    }

    /** The call ended: no interrupt after this, and none left behind from its timeout. */
    @Override
    public void close() {
        synchronized (this) {
            running = false;
            if (expiredAfterNanos >= 0) {
                Thread.interrupted(); // the interrupt was this call's; the thread's next call starts clear
            }
        }
        RUNNING.remove(this);
    }
}
