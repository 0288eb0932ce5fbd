package dev.lox.worker.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One worker JVM as an operating-system process: starting it, its exit, its stderr, stopping and
 * killing it. What travels to and from it is its {@link WorkerChannel}'s business.
 */
final class WorkerProcess {
    private final Process process;
    private final StderrTail stderr;
    private final long startedNanos = System.nanoTime();

    private WorkerProcess(Process process) {
        this.process = process;
        this.stderr = new StderrTail(process.getErrorStream(), "lox-worker-stderr-" + process.pid(), System.err);
    }

    /** Starts a worker JVM on the queues in {@code folder}, which exist already. */
    static WorkerProcess start(WorkerCommand command, Path poolFolder, Path folder, long maxMessageBytes) throws IOException {
        return new WorkerProcess(command.builder(ProcessHandle.current().pid(), poolFolder, folder, maxMessageBytes).start());
    }

    /** The worker's stdin: its doorbell and control frames; closing it tells the worker to end. */
    OutputStream control() {
        return process.getOutputStream();
    }

    /** Runs {@code action} (on a JDK thread) once the process has exited. */
    void onExit(Runnable action) {
        process.onExit().thenRun(action);
    }

    /** Whether the process has exited. */
    boolean hasExited() {
        return !process.isAlive();
    }

    /** The last lines an exited worker wrote to stderr (waits briefly for the pipe to end). */
    List<String> lastStderrLines() {
        // Briefly: the pipe stays open while a child the worker forked lives on.
        return stderr.lines(100);
    }

    /** The exit code of an exited worker. */
    int exitCode() {
        return process.exitValue();
    }

    /** Tells the worker to end, without waiting: closing its stdin tells it its parent is done. */
    void stop() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Waits until the process has exited or {@code deadlineNanos} ({@link System#nanoTime}) has passed; true if it exited. */
    boolean awaitExit(long deadlineNanos) {
        try {
            return process.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Kills the worker (SIGKILL: a stopped or looping JVM ends too). */
    void kill() {
        process.destroyForcibly();
    }

    long startedNanos() {
        return startedNanos;
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    @Override
    public String toString() {
        return "worker JVM " + process.pid();
    }
}
