package dev.lox.internal;

/**
 * The api's own {@code lox: } lines on stderr, for what it decides at run time, with or without the
 * agent (the agent's messages go through its {@code AgentLog}).
 */
final class LoxLog {
    private LoxLog() {
    }

    static void warn(String message) {
        System.err.println("lox: " + message);
    }
}
