package dev.lox.worker.internal;

import java.time.Duration;
import java.util.Locale;
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
 *     interrupted before its worker is replaced
 * @param stallTimeoutNanos how long a worker that holds calls may go without a heartbeat (stopped,
 *     wedged in a safepoint) before it counts as dead
 */
public record PoolSettings(long maxMessageBytes, long callTimeoutNanos, long cancelGraceNanos, long stallTimeoutNanos) {
    /** Default of {@code lox.process.maxMessageBytes}: room for a 64 MiB argument and then some. */
    static final long DEFAULT_MAX_MESSAGE_BYTES = 128L << 20;
    /**
     * Default of {@code lox.process.callTimeout}: long enough for any call a batch is likely to make
     * by design, short enough that a task caught in a loop does not hold its caller for good.
     */
    static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(10);
    static final long DEFAULT_CANCEL_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /**
     * A worker beats every {@value WorkerStatusPage#BEAT_MILLIS} ms; missing 5 s of beats is far
     * beyond a safepoint pause of a worker's heap (serial GC of a few hundred MiB takes milliseconds).
     */
    static final long DEFAULT_STALL_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    public PoolSettings {
        if (maxMessageBytes < 1024 || maxMessageBytes > (512L << 20)) {
            throw new IllegalArgumentException("lox.process.maxMessageBytes must be a number of bytes from 1024 to "
                    + (512L << 20) + " (512 MiB; Chronicle maps blocks of 4x it), was " + maxMessageBytes);
        }
        if (callTimeoutNanos < 0 || cancelGraceNanos <= 0 || stallTimeoutNanos <= 0) {
            throw new IllegalArgumentException("a process pool's call timeout must be >= 0 (0: none), its cancel grace and stall"
                    + " timeout > 0; were " + callTimeoutNanos + ", " + cancelGraceNanos + ", " + stallTimeoutNanos + " ns");
        }
    }

    /** The defaults, for tests. */
    static PoolSettings defaults() {
        return new PoolSettings(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_CALL_TIMEOUT.toNanos(), DEFAULT_CANCEL_GRACE_NANOS,
                DEFAULT_STALL_TIMEOUT_NANOS);
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
        long timeout = DEFAULT_CALL_TIMEOUT.toNanos();
        String t = System.getProperty("lox.process.callTimeout");
        if (t != null) {
            timeout = parseDuration("-Dlox.process.callTimeout", t);
        }
        return new PoolSettings(max, timeout, DEFAULT_CANCEL_GRACE_NANOS, DEFAULT_STALL_TIMEOUT_NANOS);
    }

    /** These settings with another call timeout; {@link Duration#ZERO} for none. */
    public PoolSettings withCallTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a call timeout must be zero (none) or positive, was " + timeout);
        }
        return new PoolSettings(maxMessageBytes, timeout.toNanos(), cancelGraceNanos, stallTimeoutNanos);
    }

    PoolSettings withCancelGrace(Duration grace) {
        return new PoolSettings(maxMessageBytes, callTimeoutNanos, grace.toNanos(), stallTimeoutNanos);
    }

    PoolSettings withStallTimeout(Duration stall) {
        return new PoolSettings(maxMessageBytes, callTimeoutNanos, cancelGraceNanos, stall.toNanos());
    }

    PoolSettings withMaxMessageBytes(long bytes) {
        return new PoolSettings(bytes, callTimeoutNanos, cancelGraceNanos, stallTimeoutNanos);
    }

    /**
     * Reads {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, an ISO-8601 duration ({@code PT30S}),
     * or {@code 0}/{@code none} for no limit.
     */
    static long parseDuration(String setting, String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.equals("none") || s.equals("0")) {
                return 0;
            }
            if (s.startsWith("pt") || s.startsWith("p")) {
                return positive(setting, text, Duration.parse(s.toUpperCase(Locale.ROOT)).toNanos());
            }
            int unit = s.length();
            while (unit > 0 && !Character.isDigit(s.charAt(unit - 1))) {
                unit--;
            }
            long n = Long.parseLong(s.substring(0, unit).trim());
            TimeUnit u = switch (s.substring(unit).trim()) {
                case "ms" -> TimeUnit.MILLISECONDS;
                case "s" -> TimeUnit.SECONDS;
                case "m", "min" -> TimeUnit.MINUTES;
                case "h" -> TimeUnit.HOURS;
                default -> null;
            };
            if (u != null) {
                return positive(setting, text, u.toNanos(n));
            }
        } catch (RuntimeException e) {
            // the message below
        }
        throw new IllegalArgumentException(setting + " must be a duration such as 500ms, 30s, 10m, 2h (or 0/none for no"
                + " limit), was '" + text + "'");
    }

    private static long positive(String setting, String text, long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException(setting + " must not be negative, was '" + text + "'");
        }
        return nanos;
    }
}
