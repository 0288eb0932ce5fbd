package dev.lox.bench.thread;

/** {@link PlainCallTarget}'s twin, which no rule names: the baseline of {@link PlainCallBenchmark}. */
public class UninstrumentedTarget {
    private long total;

    /** Adds {@code value} to the total. */
    public void record(int value) {
        total += value;
    }

    public long total() {
        return total;
    }
}
