package dev.lox.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/**
 * The JFR events themselves; loaded only by {@link LoxEvents}, and only once JFR has started. Their defaults are in their annotations, so a recording with any settings file takes
 * them as {@code META-INF/lox/lox.jfc} (in the agent jar) does: {@code dev.lox.Call} is off (one
 * event per call is a lot), the others on.
 */
final class JfrEvents {
    /** Asked for its type's flag only; never committed. */
    private static final CallEvent CALL_PROBE = new CallEvent();

    private JfrEvents() {
    }

    static boolean callsEnabled() {
        return CALL_PROBE.isEnabled();
    }

    static Object beginCall() {
        CallEvent event = new CallEvent();
        if (!event.isEnabled()) {
            return null;
        }
        event.begin();
        return event;
    }

    static void endCall(Object started, String method, String kind, long scatteredNanos) {
        CallEvent event = (CallEvent) started;
        event.end();
        if (event.shouldCommit()) {
            long now = System.nanoTime();
            event.method = method;
            event.pool = kind;
            event.run = now - event.startNanos;
            event.queued = event.startNanos - scatteredNanos;
            event.commit();
        }
    }

    static Object beginGather() {
        GatherEvent event = new GatherEvent();
        if (!event.isEnabled()) {
            return null;
        }
        event.startNanos = System.nanoTime();
        event.begin();
        return event;
    }

    static void endGather(Object started, String name, int calls, int failures) {
        GatherEvent event = (GatherEvent) started;
        event.end();
        if (event.shouldCommit()) {
            event.method = name;
            event.calls = calls;
            event.failures = failures;
            event.waited = System.nanoTime() - event.startNanos;
            event.commit();
        }
    }

    static void workerStarted(String pool, long pid) {
        WorkerStartEvent event = new WorkerStartEvent();
        if (event.shouldCommit()) {
            event.pool = pool;
            event.pid = pid;
            event.commit();
        }
    }

    static void workerCrashed(String pool, long pid, int exitCode, int callsFailed, String reason) {
        WorkerCrashEvent event = new WorkerCrashEvent();
        if (event.shouldCommit()) {
            event.reason = reason;
            event.pool = pool;
            event.pid = pid;
            event.exitCode = exitCode;
            event.callsFailed = callsFailed;
            event.commit();
        }
    }

    @Name("dev.lox.Gather")
    @Label("Gather")
    @Category("lox")
    @Description("A gather: a handle's gather() or the end of a gather region, waiting for the calls scattered since the last one")
    @StackTrace(false)
    static final class GatherEvent extends Event {
        @Label("Method")
        @Description("The handle's method, or the gather region")
        String method;

        @Label("Calls")
        int calls;

        @Label("Failures")
        @Description("Calls that failed")
        int failures;

        @Label("Time Waited")
        @Timespan(Timespan.NANOSECONDS)
        long waited;

        transient long startNanos;
    }

    @Name("dev.lox.Call")
    @Label("Call")
    @Category("lox")
    @Description("One scattered call run on a pool of this JVM; its duration is the time it ran")
    @Enabled(false)
    @Threshold("20 ms")
    @StackTrace(false)
    static final class CallEvent extends Event {
        @Label("Method")
        String method;

        @Label("Pool Kind")
        @Description("thread, virtual, or process")
        String pool;

        @Label("Time Queued")
        @Description("From scatter to the start of the call")
        @Timespan(Timespan.NANOSECONDS)
        long queued;

        @Label("Time Run")
        @Timespan(Timespan.NANOSECONDS)
        long run;

        transient long startNanos = System.nanoTime();
    }

    @Name("dev.lox.WorkerStart")
    @Label("Worker Start")
    @Category("lox")
    @Description("A process pool started a worker JVM")
    @StackTrace(false)
    static final class WorkerStartEvent extends Event {
        @Label("Pool")
        String pool;

        @Label("Process Id")
        long pid;
    }

    @Name("dev.lox.WorkerCrash")
    @Label("Worker Crash")
    @Category("lox")
    @Description("A worker JVM of a process pool died while the pool was open, or was killed and replaced (stalled, overdue, broken channel)")
    @StackTrace(false)
    static final class WorkerCrashEvent extends Event {
        @Label("Pool")
        String pool;

        @Label("Process Id")
        long pid;

        @Label("Exit Code")
        int exitCode;

        @Label("Calls Failed")
        @Description("Calls it held that failed (with WorkerCrashedException or CallTimeoutException)")
        int callsFailed;

        @Label("Reason")
        String reason;
    }
}
