package dev.lox.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Turns lox's {@link Duration} timeouts into the nanoseconds the JDK's waits take, the one rule for
 * every timed wait, and reads the durations settings write: the one grammar for system properties,
 * config rules and annotations.
 */
public final class Timeouts {
    private Timeouts() {
    }

    /**
     * Reads {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, an ISO-8601 duration ({@code PT30S}),
     * or {@code 0}/{@code none} for no limit ({@link Duration#ZERO}).
     *
     * @param setting how the message names where the text was written ({@code -Dlox.process.callTimeout})
     * @throws IllegalArgumentException naming the setting, the text and the forms it takes
     */
    public static Duration parse(String setting, String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        Duration parsed = null;
        if (s.equals("none") || s.equals("0")) {
            parsed = Duration.ZERO;
        } else if (s.startsWith("p")) {
            try {
                parsed = Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                // the message below
            }
        } else {
            int unit = s.length();
            while (unit > 0 && !Character.isDigit(s.charAt(unit - 1))) {
                unit--;
            }
            TimeUnit u = switch (s.substring(unit).trim()) {
                case "ms" -> TimeUnit.MILLISECONDS;
                case "s" -> TimeUnit.SECONDS;
                case "m", "min" -> TimeUnit.MINUTES;
                case "h" -> TimeUnit.HOURS;
                default -> null;
            };
            try {
                parsed = u == null ? null : Duration.ofNanos(u.toNanos(Long.parseLong(s.substring(0, unit).trim())));
            } catch (NumberFormatException e) {
                // the message below
            }
        }
        if (parsed == null) {
            throw new IllegalArgumentException(setting + " must be a duration such as 500ms, 30s, 10m, 2h or PT45S (or 0"
                    + " or none for no limit), was '" + text + "'");
        }
        if (parsed.isNegative()) {
            throw new IllegalArgumentException(setting + " must not be negative, was '" + text + "'");
        }
        return parsed;
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

    /** {@code duration} as {@link #parse} reads it: {@code none}, {@code 2h}, {@code 30s}, {@code 500ms}, or ISO-8601. */
    public static String write(Duration duration) {
        if (duration.isZero()) {
            return "none";
        }
        long nanos = duration.toNanos();
        for (TimeUnit unit : new TimeUnit[] {TimeUnit.HOURS, TimeUnit.MINUTES, TimeUnit.SECONDS, TimeUnit.MILLISECONDS}) {
            if (nanos % unit.toNanos(1) == 0) {
                return nanos / unit.toNanos(1) + switch (unit) {
                    case HOURS -> "h";
                    case MINUTES -> "m";
                    case SECONDS -> "s";
                    default -> "ms";
                };
            }
        }
        return duration.toString();
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
