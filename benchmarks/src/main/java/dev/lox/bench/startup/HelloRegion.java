package dev.lox.bench.startup;

import dev.lox.Lox;

/**
 * {@link HelloWorld} as one parallel method and one gather region: the agent's first rewrite with a
 * call site to analyse. With the agent, {@link #greet} is scattered and gathered before {@link #run}
 * returns, so the output is the same as {@link HelloWorld}'s.
 */
public final class HelloRegion {
    private HelloRegion() {
    }

    public static void main(String[] args) {
        run("world");
    }

    @Lox.Gather
    static void run(String who) {
        greet(who);
    }

    @Lox.Thread(2)
    static void greet(String who) {
        System.out.println("Hello, " + who);
    }
}
