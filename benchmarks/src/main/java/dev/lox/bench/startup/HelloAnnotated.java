package dev.lox.bench.startup;

import dev.lox.Lox;

/**
 * {@link HelloWorld} with its method marked {@code @Lox.Thread}: the agent rewrites this class because
 * of the annotation, with no config file. Called outside any gather region, {@link #greet} runs in
 * the caller, so the output is the same as {@link HelloWorld}'s.
 */
public final class HelloAnnotated {
    private HelloAnnotated() {
    }

    public static void main(String[] args) {
        greet("world");
    }

    @Lox.Thread(2)
    static void greet(String who) {
        System.out.println("Hello, " + who);
    }
}
