package dev.lox.bench.thread;

import dev.lox.Handle1;
import dev.lox.Lox;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * Thread mode's bar (DESIGN.md section 7): scattering then gathering 10,000 trivial calls through a
 * lox handle is no slower than the same loop written by hand on {@code ExecutorService.submit} and
 * {@code Future.get}, with as many threads. Scores are per call (ns), thanks to
 * {@link OperationsPerInvocation}.
 *
 * <p>The work is trivial on purpose: what is measured is the cost of handing a call to a pool and
 * getting its result back in order, which is all lox adds to the call itself.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ScatterGatherBenchmark.CALLS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "-Dchronicle.analytics.disable=true")
public class ScatterGatherBenchmark {
    static final int CALLS = 10_000;

    /** Pool size for both variants: the machine's 2 cores, and lox's typical I/O-bound size. */
    @Param({"2", "8"})
    int threads;

    private Handle1<Integer, Integer> lox;
    private ExecutorService executor;

    static int square(int x) {
        return x * x;
    }

    @Setup
    public void start() {
        lox = Lox.thread(threads).of(ScatterGatherBenchmark::square);
        executor = BaselineExecutor.fixed(threads);
    }

    @TearDown
    public void stop() {
        executor.shutdownNow();
    }

    /** lox: scatter every call on the handle, then one gather returns the results in scatter order. */
    @Benchmark
    public long loxScatterGather() {
        for (int i = 0; i < CALLS; i++) {
            lox.scatter(i);
        }
        long sum = 0;
        for (Integer result : lox.gather()) {
            sum += result;
        }
        return sum;
    }

    /** The hand-written loop: submit every call, keep the futures in order, get each one. */
    @Benchmark
    public long executorSubmitGet() throws InterruptedException, ExecutionException {
        List<Future<Integer>> futures = new ArrayList<>(CALLS);
        for (int i = 0; i < CALLS; i++) {
            int x = i;
            futures.add(executor.submit(() -> square(x)));
        }
        long sum = 0;
        for (Future<Integer> future : futures) {
            sum += future.get();
        }
        return sum;
    }
}
