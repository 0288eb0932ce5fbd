package dev.lox.internal;

/**
 * lox's JFR events ({@code dev.lox.Gather}, {@code dev.lox.Call}, {@code dev.lox.WorkerStart},
 * {@code dev.lox.WorkerCrash}), for code that must also run where JFR is not: a minimal runtime
 * built without the {@code jdk.jfr} module. Only {@link JfrRecorder} and {@link JfrEvents} name a
 * {@code jdk.jfr} type, and this class calls them only once it knows the module is there; what
 * passes between them is {@code Object} and primitives, so the verifier never needs to load them.
 *
 * <p>Until JFR has started in this JVM, each hook costs a read of JFR's own "initialized" flag, and
 * lox's event classes are not even loaded (loading the first {@code jdk.jfr.Event} subclass sets
 * up JFR's metadata, which doubled the first scatter's time here). Once it has started, a hook
 * costs a check of the flag JFR keeps per event type while no recording takes the event: nothing is
 * allocated and no clock is read.
 */
public final class LoxEvents {
    private static final boolean JFR = jfrPresent();

    private LoxEvents() {
    }

    private static boolean jfrPresent() {
        try {
            Class.forName("jdk.jfr.FlightRecorder", false, LoxEvents.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Whether JFR runs in this JVM; once true, it stays true. */
    private static boolean started() {
        return JFR && JfrRecorder.started();
    }

    /** Whether a recording takes {@code dev.lox.Call} events now. */
    static boolean callsRecorded() {
        return started() && JfrEvents.callsEnabled();
    }

    /** Starts timing a call's run; null if no recording takes the event. */
    static Object beginCall() {
        return started() ? JfrEvents.beginCall() : null;
    }

    static void endCall(Object event, ParallelMethod method, long scatteredNanos) {
        JfrEvents.endCall(event, method.method().displayName(), kindOf(method), scatteredNanos);
    }

    private static String kindOf(ParallelMethod method) {
        return method.spec().kind().name().toLowerCase();
    }

    /** Starts timing a gather; null if no recording takes {@code dev.lox.Gather}. */
    static Object beginGather() {
        return started() ? JfrEvents.beginGather() : null;
    }

    static void endGather(Object event, String name, int calls, int failures) {
        if (event != null) {
            JfrEvents.endGather(event, name, calls, failures);
        }
    }

    /** A process pool started a worker JVM ({@code dev.lox.WorkerStart}). */
    public static void workerStarted(String pool, long pid) {
        if (started()) {
            JfrEvents.workerStarted(pool, pid);
        }
    }

    /**
     * A process pool saw a worker JVM die, or replaced one it had to kill ({@code dev.lox.WorkerCrash}),
     * failing {@code callsFailed} calls; {@code exitCode} is -1 if it had not exited yet.
     */
    public static void workerCrashed(String pool, long pid, int exitCode, int callsFailed, String reason) {
        if (started()) {
            JfrEvents.workerCrashed(pool, pid, exitCode, callsFailed, reason);
        }
    }
}
