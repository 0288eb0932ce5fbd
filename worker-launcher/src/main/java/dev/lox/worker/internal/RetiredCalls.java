package dev.lox.worker.internal;

import dev.lox.CallTimeoutException;
import dev.lox.WorkerCrashedException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * What becomes of the calls a retired worker held, by the {@link Retirement}'s kind. It fails the
 * calls that ran or may have run, each with the exception that says why; it hands back the ones that
 * had not started, for the pool to send to other workers. It does not end the worker, read its
 * responses or touch the pool's backlog: the pool's settling does that, on its supervisor thread.
 *
 * <p>Locking: none, it keeps no state. The pool calls it on its supervisor thread, outside the pool's
 * lock, with the calls the worker's channel gave up ({@link WorkerChannel#retireHeld()}).
 */
final class RetiredCalls {
    private final String name;
    private final PoolSettings settings;
    /** The failure of a call the pool's closing ends: its fault, if it stopped after one. */
    private final Supplier<IllegalStateException> closedBeforeFinished;

    RetiredCalls(String name, PoolSettings settings, Supplier<IllegalStateException> closedBeforeFinished) {
        this.name = name;
        this.settings = settings;
        this.closedBeforeFinished = closedBeforeFinished;
    }

    /** Fails or hands back the calls a retired worker held; returns the ones to send elsewhere. */
    List<PendingCall> settle(WorkerSlot slot, Retirement why, List<PendingCall> held, WorkerProcess process) {
        if (held.isEmpty()) {
            return List.of();
        }
        int exit = process.hasExited() ? process.exitCode() : -1;
        List<String> lines = why.kind() == Retirement.Kind.EXITED || why.kind() == Retirement.Kind.BROKEN
                || why.kind() == Retirement.Kind.APPEND_FAILED ? process.lastStderrLines() : List.of();
        String worker = "worker JVM " + process.pid() + " of " + name;
        if (why.kind() == Retirement.Kind.NOT_READY && !slot.channel().isReady()) {
            return held; // it never said it was ready, so it never read a call: every one goes elsewhere
        }
        switch (why.kind()) {
            case CLOSING -> held.forEach(c -> c.fail(closedBeforeFinished.get()));
            case EXITED -> held.forEach(c -> c.fail(
                    new WorkerCrashedException(worker + " died while it held this call", exit, lines)));
            case BROKEN, APPEND_FAILED -> held.forEach(c -> c.fail(crash(worker + " was replaced while it held this call, because "
                    + why.reason(), exit, lines, why.cause())));
            default -> {
                PendingCall first = held.get(0);
                if (first == why.target() && why.kind() == Retirement.Kind.OVERDUE) {
                    first.fail(new CallTimeoutException(first + " ran on " + worker + " for "
                            + WorkerPool.seconds(why.elapsedNanos()) + ", past the pool's call timeout of "
                            + WorkerPool.seconds(settings.callTimeoutNanos())
                            + ": the worker was killed and replaced, and the calls behind it went to other workers. Set the"
                            + " method's timeout with @Lox.Process(callTimeout = \"30m\"), callTimeout(30m) on its config rule"
                            + " or Lox.process(n).callTimeout(...); every pool's with -Dlox.process.callTimeout=<duration>"
                            + " (none: no limit)", Duration.ofNanos(settings.callTimeoutNanos()), Duration.ofNanos(why.elapsedNanos())));
                } else if (!first.isDone()) {
                    first.fail(crash(worker + " was killed while it ran this call, because " + why.reason(),
                            exit, lines, why.cause()));
                }
                return held.subList(1, held.size()); // they had not started: other workers take them
            }
        }
        return List.of();
    }

    private static WorkerCrashedException crash(String message, int exit, List<String> lines, Throwable cause) {
        WorkerCrashedException e = new WorkerCrashedException(message, exit, lines);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
