package dev.lox.internal;

import dev.lox.RepeatedFailures;
import dev.lox.ScatterException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a gather throws when calls failed: the first failure in scatter order (a checked one wrapped
 * in a {@link ScatterException} that says which call it was), with each other distinct failure
 * suppressed in it once. Failures that several calls share (same exception type, message and
 * throwing frame) are added once, carrying a {@link RepeatedFailures} that counts the others.
 *
 * <p>Made by {@link PendingCalls} at a gather's first failed call, so a gather whose calls all
 * succeed never loads this class or the exceptions it makes.
 */
final class GatherFailures {
    private final String pool;
    private final int firstFailed;
    private final int calls;
    /** Each kind of failure, in the scatter order of its first call. */
    private final Map<FailureKind, Failures> kinds = new LinkedHashMap<>();
    private int count;

    /**
     * @param pool what the calls were scattered to, as messages name it
     * @param firstFailed the index of the first failed call, in scatter order
     * @param calls how many calls the gather took
     */
    GatherFailures(String pool, int firstFailed, int calls) {
        this.pool = pool;
        this.firstFailed = firstFailed;
        this.calls = calls;
    }

    /** Adds the failure of the next failed call, in scatter order. */
    void add(Throwable failure) {
        kinds.computeIfAbsent(FailureKind.of(failure), kind -> new Failures(failure)).count++;
        count++;
    }

    /** How many calls failed. */
    int count() {
        return count;
    }

    /**
     * The exception the gather throws: {@code primary} (a region's own failure) if not null, else the
     * first failure; the other kinds suppressed in it.
     */
    Throwable toThrow(Throwable primary) {
        Throwable thrown = primary;
        for (Failures kind : kinds.values()) {
            if (kind.count > 1) {
                kind.first.addSuppressed(new RepeatedFailures(kind.count - 1, pool));
            }
            if (thrown == null) {
                thrown = firstThrowable(kind);
            } else if (kind.first != thrown) {
                thrown.addSuppressed(kind.first);
            }
        }
        return thrown;
    }

    private Throwable firstThrowable(Failures kind) {
        Throwable failure = kind.first;
        if (failure instanceof RuntimeException || failure instanceof Error) {
            return failure;
        }
        return new ScatterException("call " + (firstFailed + 1) + " of " + calls + " scattered to " + pool
                + " failed: " + failure + (kind.count > 1 ? "; and " + (kind.count - 1) + " more calls failed the same way" : ""),
                failure);
    }

    /** What makes two failures the same, for the summary: exception type, message and throwing frame. */
    private record FailureKind(Class<?> type, String message, StackTraceElement frame) {
        static FailureKind of(Throwable failure) {
            StackTraceElement[] trace = failure.getStackTrace();
            return new FailureKind(failure.getClass(), failure.getMessage(), trace.length == 0 ? null : trace[0]);
        }
    }

    /** The first failure of a kind, in scatter order, and how many calls failed that way. */
    private static final class Failures {
        final Throwable first;
        int count;

        Failures(Throwable first) {
            this.first = first;
        }
    }
}
