package dev.lox.worker.internal;

import dev.lox.internal.PoolSpec;
import dev.lox.internal.Timeouts;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Everything a process pool is configured by, read and checked once, when the pool opens. Each bad
 * value is an {@link IllegalArgumentException} naming the setting, the value and what would do.
 *
 * @param maxMessageBytes the largest serialized call or result ({@code lox.process.maxMessageBytes})
 * @param callTimeoutNanos how long one call may run in a worker before the call fails and the worker is
 *     replaced ({@code lox.process.callTimeout}); 0 for no limit
 * @param cancelGraceNanos how long a call cancelled with {@code cancel(true)} may take to stop once
 *     interrupted before its worker is replaced ({@code lox.process.cancelGrace})
 * @param stallTimeoutNanos how long a worker that holds calls may go without a heartbeat (stopped,
 *     wedged in a safepoint) before it counts as dead ({@code lox.process.stallTimeout})
 * @param startTimeoutNanos how long a worker JVM may take from its spawn to ready ({@code
 *     lox.process.startTimeout}) before it counts as dead: one stopped or wedged before it was ready
 *     would otherwise hold the calls sent to it for good
 */
public record PoolSettings(long maxMessageBytes, long callTimeoutNanos, long cancelGraceNanos, long stallTimeoutNanos,
        long startTimeoutNanos) {
    /** Default of {@code lox.process.maxMessageBytes}: room for a 64 MiB argument and then some. */
    static final long DEFAULT_MAX_MESSAGE_BYTES = 128L << 20;
    /** Default of {@code lox.process.callTimeout}: lox's one default call timeout, a cluster pool's too. */
    static final Duration DEFAULT_CALL_TIMEOUT = PoolSpec.defaultCallTimeout();
    /** Default of {@code lox.process.cancelGrace}: a call that honours interrupts stops well within it. */
    static final long DEFAULT_CANCEL_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /**
     * A worker beats every {@value WorkerStatusPage#BEAT_MILLIS} ms; missing 5 s of beats is far
     * beyond a safepoint pause of a worker's heap (serial GC of a few hundred MiB takes milliseconds).
     */
    static final long DEFAULT_STALL_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /**
     * The shortest {@code lox.process.stallTimeout}: 5 beats, so that a worker that is merely slow to
     * beat once (a GC pause, a loaded machine) is not taken for dead.
     */
    static final Duration MIN_STALL_TIMEOUT = Duration.ofMillis(5 * WorkerStatusPage.BEAT_MILLIS);
    /**
     * Default of {@code lox.process.startTimeout}: a worker is ready in about half a second on an
     * idle machine and a few seconds on a loaded one; a minute leaves room for a machine swapping or
     * a class path being read from a slow disk.
     */
    static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(1);

    public PoolSettings {
        if (maxMessageBytes < 1024 || maxMessageBytes > (512L << 20)) {
            throw new IllegalArgumentException("lox.process.maxMessageBytes must be a number of bytes from 1024 to "
                    + (512L << 20) + " (512 MiB; Chronicle maps blocks of 4x it), was " + maxMessageBytes);
        }
        if (callTimeoutNanos < 0 || cancelGraceNanos <= 0 || stallTimeoutNanos <= 0 || startTimeoutNanos <= 0) {
            throw new IllegalArgumentException("a process pool's call timeout must be >= 0 (0: none), its cancel grace, stall"
                    + " and start timeouts > 0; were " + callTimeoutNanos + ", " + cancelGraceNanos + ", " + stallTimeoutNanos
                    + ", " + startTimeoutNanos + " ns");
        }
    }

    /** The defaults, for tests. */
    static PoolSettings defaults() {
        return new PoolSettings(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_CALL_TIMEOUT.toNanos(), DEFAULT_CANCEL_GRACE_NANOS,
                DEFAULT_STALL_TIMEOUT_NANOS, DEFAULT_START_TIMEOUT.toNanos());
    }

    /** The settings of this JVM's system properties ({@code lox.process.*}). */
    public static PoolSettings fromSystemProperties() {
        long max = DEFAULT_MAX_MESSAGE_BYTES;
        String value = System.getProperty("lox.process.maxMessageBytes");
        if (value != null) {
            try {
                max = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1024 || max > (512L << 20)) {
                throw new IllegalArgumentException("-Dlox.process.maxMessageBytes must be a number of bytes from 1024 to "
                        + (512L << 20) + " (512 MiB; Chronicle maps blocks of 4x it), was '" + value + "'");
            }
        }
        Duration call = duration("lox.process.callTimeout", DEFAULT_CALL_TIMEOUT);
        Duration start = positive("lox.process.startTimeout", DEFAULT_START_TIMEOUT,
                "a worker that never gets ready would hold its calls for good");
        Duration grace = positive("lox.process.cancelGrace", Duration.ofNanos(DEFAULT_CANCEL_GRACE_NANOS),
                "it is how long a cancelled call may take to stop before its worker is replaced");
        Duration stall = positive("lox.process.stallTimeout", Duration.ofNanos(DEFAULT_STALL_TIMEOUT_NANOS),
                "a worker that stopped would hold its calls for good");
        if (stall.compareTo(MIN_STALL_TIMEOUT) < 0) {
            throw new IllegalArgumentException("-Dlox.process.stallTimeout must be at least " + Timeouts.write(MIN_STALL_TIMEOUT)
                    + " (a worker beats every " + WorkerStatusPage.BEAT_MILLIS + " ms; a shorter limit would take a worker"
                    + " that is merely slow to beat for dead); was '" + System.getProperty("lox.process.stallTimeout") + "'");
        }
        return new PoolSettings(max, call.toNanos(), grace.toNanos(), stall.toNanos(), start.toNanos());
    }

    /** A duration setting that must be more than 0, {@code why} saying what 0 would do. */
    private static Duration positive(String property, Duration otherwise, String why) {
        Duration d = duration(property, otherwise);
        if (d.isZero()) {
            throw new IllegalArgumentException("-D" + property + " must be more than 0: " + why + "; was '"
                    + System.getProperty(property) + "'");
        }
        return d;
    }

    private static Duration duration(String property, Duration otherwise) {
        String text = System.getProperty(property);
        return text == null ? otherwise : Timeouts.parse("-D" + property, text);
    }

    /** These settings with another call timeout; {@link Duration#ZERO} for none. */
    public PoolSettings withCallTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a call timeout must be zero (none) or positive, was " + timeout);
        }
        return new PoolSettings(maxMessageBytes, timeout.toNanos(), cancelGraceNanos, stallTimeoutNanos, startTimeoutNanos);
    }

    PoolSettings withCancelGrace(Duration grace) {
        return new PoolSettings(maxMessageBytes, callTimeoutNanos, grace.toNanos(), stallTimeoutNanos, startTimeoutNanos);
    }

    PoolSettings withStallTimeout(Duration stall) {
        return new PoolSettings(maxMessageBytes, callTimeoutNanos, cancelGraceNanos, stall.toNanos(), startTimeoutNanos);
    }

    PoolSettings withStartTimeout(Duration start) {
        return new PoolSettings(maxMessageBytes, callTimeoutNanos, cancelGraceNanos, stallTimeoutNanos, start.toNanos());
    }

    PoolSettings withMaxMessageBytes(long bytes) {
        return new PoolSettings(bytes, callTimeoutNanos, cancelGraceNanos, stallTimeoutNanos, startTimeoutNanos);
    }
}
