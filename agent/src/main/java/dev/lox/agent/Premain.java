package dev.lox.agent;

import dev.lox.worker.JdkAccess;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry point (minimal version for process mode: the agent module's own Premain
 * replaces this one). Opens the JDK internals process mode needs, so users pass no flags.
 */
public final class Premain {
    private Premain() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        try {
            JdkAccess.open(instrumentation);
        } catch (Throwable t) {
            System.err.println("lox: " + t);
        }
    }

    public static void agentmain(String args, Instrumentation instrumentation) {
        premain(args, instrumentation);
    }
}
