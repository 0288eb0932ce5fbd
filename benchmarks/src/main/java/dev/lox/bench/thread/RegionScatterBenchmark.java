package dev.lox.bench.thread;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Thread mode as the agent's users write it: a gather region whose loop makes 10,000 plain calls
 * of a trivial parallel method ({@link RegionTarget}), each call scattered by the agent's rewritten
 * code and all gathered when the region returns, beside the same work written by hand on
 * {@code ExecutorService.submit} and {@code Future.get} with as many threads. Scores are per call
 * (ns). scripts/bench starts the forks with the agent; without it the region's calls run one by
 * one, which the score would show.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(RegionScatterBenchmark.CALLS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "-Dchronicle.analytics.disable=true")
public class RegionScatterBenchmark {
    static final int CALLS = 10_000;

    @Param({"2", "8"})
    int threads;

    private final RegionTarget target = new RegionTarget();
    private final LongAdder total = new LongAdder();
    private ExecutorService executor;

    @Setup
    public void start() {
        executor = BaselineExecutor.fixed(threads);
    }

    @TearDown
    public void stop() {
        executor.shutdownNow();
    }

    /** lox: the region's plain calls scatter; returning from the region gathers them. */
    @Benchmark
    public long loxRegion() {
        if (threads == 2) {
            target.recordAll2(CALLS);
        } else {
            target.recordAll8(CALLS);
        }
        return target.total();
    }

    /** The hand-written loop: submit every call, keep the futures, wait for each one. */
    @Benchmark
    public long executorSubmitGet() throws InterruptedException, ExecutionException {
        List<Future<?>> futures = new ArrayList<>(CALLS);
        for (int i = 0; i < CALLS; i++) {
            long x = i;
            futures.add(executor.submit(() -> total.add(x * x)));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        return total.sum();
    }
}
