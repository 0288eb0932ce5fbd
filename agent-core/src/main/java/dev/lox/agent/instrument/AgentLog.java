package dev.lox.agent.instrument;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's messages, each a line starting {@code lox: } on stderr. The JVM silently drops what a
 * class file transformer throws, so the agent reports its own failures here.
 */
public final class AgentLog {
    private final PrintStream out;
    private final boolean verbose;
    private final Set<String> said = ConcurrentHashMap.newKeySet();

    public AgentLog(PrintStream out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    /** Whether {@code verbose} was asked for. */
    public boolean isVerbose() {
        return verbose;
    }

    /** A message the user should always see. */
    public void warn(String message) {
        out.println("lox: " + message);
    }

    /** A message the user should see once per JVM, however many times (or loaders) it comes up. */
    public void warnOnce(String message) {
        if (said.add(message)) {
            warn(message);
        }
    }

    /** A message for {@code verbose} only. */
    public void verbose(String message) {
        if (verbose) {
            out.println("lox: " + message);
        }
    }

    /** An internal fault, with its stack trace: the agent carries on. */
    public void failure(String message, Throwable cause) {
        synchronized (out) {
            out.println("lox: " + message + ": " + cause);
            cause.printStackTrace(out);
        }
    }
}
