package dev.lox.worker.internal;

import java.util.concurrent.TimeUnit;

/**
 * How many calls one worker may hold (sent, not yet answered): enough to keep about
 * {@value #TARGET_NANOS} ns of work queued in front of it, from 2 up to {@value #MAX}.
 *
 * <p>Why a window at all: a call sent to a worker can only run there, so whatever a worker holds is
 * committed to it. An unbounded window splits a burst of calls between the workers up front, and one
 * slow call then holds up every call behind it while the other workers idle. Calls beyond the window
 * wait in the pool and go to whichever worker has room first (as lox's multiprocessing pool hands out
 * work). Why it adapts: tiny calls need deep pipelining (a worker must never wait for the parent to
 * read a response and send the next call, which costs more than the call), while slow calls need a
 * short window so that the work committed to one worker stays small. Sizing the window by time
 * serves both: behind a worker's running call there is at most about {@value #TARGET_NANOS} ns of
 * work (plus one call), which is all that can be stuck behind a call that turns out to be slow.
 *
 * <p>At least 2 once the worker has answered: the second call hides the time the parent takes to
 * read a response and send more (while calls are long, its reader parks for up to 10 ms between
 * looks), which a window of 1 would turn into idle time of the worker on every call. A worker that
 * has answered nothing yet holds 1 call: nothing is known about how long calls take, and its first
 * call is slow anyway (a fresh JVM interprets and loads classes), so a burst on a new pool goes out
 * one call per worker and the window opens with the first answers (within about a hundred answers
 * of tiny calls it is at its largest).
 *
 * <p>The service time is what the worker itself measured (from reading a request to having the
 * result, sent back in the response), not the time between the parent's send and read: the latter
 * includes the parent's own delays (a reader parked or descheduled, responses read in batches), and a
 * parent too slow to keep the worker fed would see the worker's idle time as slowness and shrink the
 * window further. The estimate is an exponentially weighted moving average (weight 1/8 for each new
 * answer), and it is per worker, not per pool: a worker busy with a slow call has not answered, and
 * an estimate from the other workers' quick answers would open its window and queue calls behind
 * that slow call; a worker's window opens only with its own answers.
 *
 * <p>The only worker of a pool has no other worker to share calls with: its window is {@linkplain
 * #unbounded unbounded}, so every call is sent at scatter, as deep a pipeline as the caller makes
 * (side by side with a window of 1 ms: 2.73 against 1.95 M tiny calls a second on one worker).
 *
 * <p>Written only by whoever reads the worker's responses (one thread at a time, under the pool's
 * read lock); the size is read by any thread.
 */
final class CallWindow {
    /**
     * Work to keep queued in front of a worker: long enough that the worker does not run dry while
     * the thread that feeds it is descheduled (on a busy 2-core machine, side by side: 1.16 M tiny
     * calls/s with 0.5 ms, 1.40 M with 1 ms, 1.49 M with 2 ms), short enough that little waits
     * behind a slow call.
     */
    static final long TARGET_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** The largest window: a millisecond of calls of a quarter of a microsecond, about as fast as a call gets. */
    static final int MAX = 4096;

    private static final long SPIKE_FLOOR_NANOS = 1_000;

    private final boolean bounded;
    private long estimateNanos = -1;
    private volatile int size;

    private CallWindow(boolean bounded) {
        this.bounded = bounded;
        this.size = bounded ? 1 : Integer.MAX_VALUE;
    }

    /** The window of a worker that shares its pool's calls with other workers: sized by its calls' time. */
    static CallWindow bounded() {
        return new CallWindow(true);
    }

    /** The window of a pool's only worker: every call, at once. */
    static CallWindow unbounded() {
        return new CallWindow(false);
    }

    /** How many calls the worker may hold now. */
    int size() {
        return size;
    }

    /** A call was answered after the worker spent {@code serviceNanos} on it. */
    void answered(long serviceNanos) {
        long sample = Math.max(0, serviceNanos);
        if (estimateNanos < 0) {
            estimateNanos = sample;
            return;
        }
        // A worker descheduled mid-call (a timeslice of milliseconds, on a busy machine) reports a
        // tiny call as a thousand times its usual: one such answer must not close the window of a
        // stream of tiny calls. So one answer counts for at most 64x the estimate (plus a
        // microsecond): calls that really got slower still take over within a few answers, each
        // raising the estimate up to 9x.
        sample = Math.min(sample, 64 * estimateNanos + SPIKE_FLOOR_NANOS);
        estimateNanos += (sample - estimateNanos) / 8;
    }

    /** Applies the answers since the last call: once per batch of responses read, not per response. */
    void resize() {
        if (bounded && estimateNanos >= 0) {
            long calls = estimateNanos == 0 ? MAX : (TARGET_NANOS + estimateNanos - 1) / estimateNanos;
            size = (int) Math.max(2, Math.min(MAX, calls));
        }
    }
}
