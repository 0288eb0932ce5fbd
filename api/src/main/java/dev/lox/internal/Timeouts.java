package dev.lox.internal;

import java.time.Duration;

/** Turns lox's {@link Duration} timeouts into the nanoseconds the JDK's waits take: the one rule for every timed wait. */
public final class Timeouts {
    private Timeouts() {
    }

    /**
     * {@code timeout} in nanoseconds: negative durations wait not at all (as {@code BlockingQueue.poll}
     * does) and durations beyond {@code Long.MAX_VALUE} nanoseconds (292 years) wait "forever".
     */
    public static long nanos(Duration timeout, String method) {
        if (timeout == null) {
            throw new IllegalArgumentException("timeout cannot be null in " + method
                    + ": pass a Duration such as Duration.ofMillis(50), or call the blocking form without a timeout");
        }
        if (timeout.isNegative()) {
            return 0L;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** A wait's length as messages give it: {@code 20 ms}, {@code 1.5 s}, {@code 250 µs}. */
    public static String describe(long nanos) {
        if (nanos == Long.MAX_VALUE) {
            return "forever";
        }
        if (nanos < 1_000_000) {
            return nanos < 1_000 ? nanos + " ns" : trim(nanos / 1e3) + " µs";
        }
        return nanos < 10_000_000_000L ? trim(nanos / 1e6) + " ms" : trim(nanos / 1e9) + " s";
    }

    private static String trim(double value) {
        String s = String.format(java.util.Locale.ROOT, "%.1f", value);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
