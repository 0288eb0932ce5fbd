package dev.lox.bench.process;

import dev.lox.Lox;

/**
 * ProcessBench's plain call: a parallel {@code void} method called in a gather region, which the
 * agent rewrites to scatter (it leaves lox's own packages alone, hence a class outside
 * {@code dev.lox.worker}).
 */
public final class PlainCall {
    private PlainCall() {
    }

    /** Fails if it runs in the parent: every call must have been scattered to a worker. */
    @Lox.Process(1)
    public static void note(int x) {
        if (!Boolean.getBoolean("lox.worker")) {
            throw new IllegalStateException("note(" + x + ") ran in the parent JVM: the agent did not scatter it");
        }
    }

    /** One plain call in a gather region: the call is scattered, and returning gathers it. */
    @Lox.Gather
    public static void noteOnce(int x) {
        note(x);
    }
}
