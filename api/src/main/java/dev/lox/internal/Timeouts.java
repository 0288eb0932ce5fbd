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
}
