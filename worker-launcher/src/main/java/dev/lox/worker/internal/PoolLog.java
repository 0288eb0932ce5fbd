package dev.lox.worker.internal;

/** The one place process pools print their {@code lox:} lines (on stderr, as the agent's go). */
final class PoolLog {
    private PoolLog() {
    }

    static void say(String line) {
        System.err.println("lox: " + line);
    }
}
