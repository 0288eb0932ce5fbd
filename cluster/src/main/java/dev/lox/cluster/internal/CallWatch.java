package dev.lox.cluster.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
 * <p>One daemon thread per member times every call's alarm; an alarm cancelled by {@link #close} is
 * removed from its queue at once.
 */
final class CallWatch implements AutoCloseable {
    /** Told the elapsed nanoseconds when a call is interrupted for its timeout; runs on the alarm thread. */
    interface OnTimeout {
        void expired(long elapsedNanos);
    }

    private static final ScheduledThreadPoolExecutor ALARMS = alarms();

    private final Thread thread = Thread.currentThread();
    private final long startNanos = System.nanoTime();
    private final OnTimeout onTimeout;
    private boolean running = true; // guarded by this
    private long expiredAfterNanos = -1; // guarded by this; -1 until it expires
    private ScheduledFuture<?> alarm; // null for no limit

    private CallWatch(OnTimeout onTimeout) {
        this.onTimeout = onTimeout;
    }

    private static ScheduledThreadPoolExecutor alarms() {
        ScheduledThreadPoolExecutor alarms = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lox-member-call-timeouts");
            t.setDaemon(true);
            return t;
        });
        alarms.setRemoveOnCancelPolicy(true);
        return alarms;
    }

    /** Watches the call about to run on this thread; {@code timeoutNanos} 0 sets no limit. */
    static CallWatch start(long timeoutNanos, OnTimeout onTimeout) {
        CallWatch watch = new CallWatch(onTimeout);
        if (timeoutNanos > 0) {
            watch.alarm = ALARMS.schedule(watch::expire, timeoutNanos, TimeUnit.NANOSECONDS);
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
        if (alarm != null) {
            alarm.cancel(false);
        }
    }
}
