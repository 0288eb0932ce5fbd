package dev.lox.bench.startup;

/**
 * The start-up benchmark's program: prints one line and exits, so that a run's time is the JVM's
 * start-up, plus the agent's when there is one. scripts/bench runs it plain, with the agent and
 * nothing to instrument, and with a config rule instrumenting {@link #greet}. It uses nothing of lox.
 */
public final class HelloWorld {
    private HelloWorld() {
    }

    public static void main(String[] args) {
        greet("world");
    }

    /** A {@code void} method, so that a {@code thread(...)} rule makes the agent rewrite this class. */
    static void greet(String who) {
        System.out.println("Hello, " + who);
    }
}
