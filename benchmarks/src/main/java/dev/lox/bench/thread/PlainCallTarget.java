package dev.lox.bench.thread;

/**
 * The method {@link PlainCallBenchmark} calls with the agent instrumenting it: scripts/bench's
 * config rule {@code thread(2) dev.lox.bench.thread.PlainCallTarget#record} makes it parallel. It is
 * {@code void}, the kind of method the agent's advice can scatter, so the advice is really there.
 * Identical to {@link UninstrumentedTarget} but for its name.
 */
public class PlainCallTarget {
    private long total;

    /** Adds {@code value} to the total: tiny, so that any cost the advice adds would show. */
    public void record(int value) {
        total += value;
    }

    public long total() {
        return total;
    }
}
