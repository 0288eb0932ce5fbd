package dev.lox;

import java.util.List;

/**
 * A worker JVM died (it exited, was killed, or ran out of memory) while it held this call. The
 * worker is replaced; other calls go on.
 */
public final class WorkerCrashedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final List<String> lastStderrLines;

    public WorkerCrashedException(String message, int exitCode, List<String> lastStderrLines) {
        super(message + " (exit code " + exitCode + ")"
                + (lastStderrLines.isEmpty() ? "" : "; last lines of its stderr:\n  " + String.join("\n  ", lastStderrLines)));
        this.exitCode = exitCode;
        this.lastStderrLines = List.copyOf(lastStderrLines);
    }

    /** The worker's exit code: 137 for SIGKILL, as a shell reports it. */
    public int exitCode() {
        return exitCode;
    }

    /** The last lines the worker wrote to stderr before it died, oldest first. */
    public List<String> lastStderrLines() {
        return lastStderrLines;
    }
}
