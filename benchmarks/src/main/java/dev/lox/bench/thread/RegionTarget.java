package dev.lox.bench.thread;

import dev.lox.Lox;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@link RegionScatterBenchmark} calls: a gather region whose loop makes plain calls of a
 * parallel method, as a user of the agent writes it, once per pool size the benchmark compares.
 * Without the agent the annotations do nothing and the calls run one by one.
 */
public class RegionTarget {
    private final LongAdder total = new LongAdder();

    @Lox.Thread(2)
    public void record2(int x) {
        total.add((long) x * x);
    }

    @Lox.Thread(8)
    public void record8(int x) {
        total.add((long) x * x);
    }

    @Lox.Gather
    public void recordAll2(int calls) {
        for (int i = 0; i < calls; i++) {
            record2(i);
        }
    }

    @Lox.Gather
    public void recordAll8(int calls) {
        for (int i = 0; i < calls; i++) {
            record8(i);
        }
    }

    public long total() {
        return total.sum();
    }
}
