package dev.lox.internal;

/**
 * lox's JFR events ({@code dev.lox.Gather}, {@code dev.lox.Call}, {@code dev.lox.WorkerStart},
 * {@code dev.lox.WorkerCrash}), for code that must also run where JFR is not: a minimal runtime
 * built without the {@code jdk.jfr} module. Only {@link JfrEvents} names a {@code jdk.jfr} type,
 * and this class calls it only once it knows the module is there; what passes between them is
 * {@code Object} and primitives, so the verifier never needs to load it either.
 *
 * <p>While no recording takes an event, each hook costs a check of a flag JFR keeps per event
 * type: nothing is allocated and no clock is read.
 */
public final class LoxEvents {
    private static final boolean JFR = jfrPresent();

    private LoxEvents() {
    }

    private static boolean jfrPresent() {
        try {
            Class.forName("jdk.jfr.Event", false, LoxEvents.class.getClassLoader());
            return JfrEvents.available();
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Whether a recording takes {@code dev.lox.Call} events now. */
    static boolean callsRecorded() {
        return JFR && JfrEvents.callsEnabled();
    }

    /** Starts timing a call's run; null if no recording takes the event. */
    static Object beginCall() {
        return JFR ? JfrEvents.beginCall() : null;
    }

    static void endCall(Object event, ParallelMethod method, long scatteredNanos) {
        JfrEvents.endCall(event, method.method().displayName(), kindOf(method), scatteredNanos);
    }

    private static String kindOf(ParallelMethod method) {
        return method.spec().kind().name().toLowerCase();
    }

    /** Starts timing a gather; null if no recording takes {@code dev.lox.Gather}. */
    static Object beginGather() {
        return JFR ? JfrEvents.beginGather() : null;
    }

    static void endGather(Object event, String name, int calls, int failures) {
        if (event != null) {
            JfrEvents.endGather(event, name, calls, failures);
        }
    }

    /** A process pool started a worker JVM ({@code dev.lox.WorkerStart}). */
    public static void workerStarted(String pool, long pid) {
        if (JFR) {
            JfrEvents.workerStarted(pool, pid);
        }
    }

    /**
     * A process pool saw a worker JVM die, or replaced one it had to kill ({@code dev.lox.WorkerCrash}),
     * failing {@code callsFailed} calls; {@code exitCode} is -1 if it had not exited yet.
     */
    public static void workerCrashed(String pool, long pid, int exitCode, int callsFailed, String reason) {
        if (JFR) {
            JfrEvents.workerCrashed(pool, pid, exitCode, callsFailed, reason);
        }
    }
}
