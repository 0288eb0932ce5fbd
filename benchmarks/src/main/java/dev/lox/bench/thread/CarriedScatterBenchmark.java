package dev.lox.bench.thread;

import dev.lox.Handle1;
import dev.lox.Lox;
import dev.lox.internal.CarriedContext;
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
 * What carrying context costs a call: {@link ScatterGatherBenchmark#loxScatterGather}'s loop with
 * one carried {@code ThreadLocal} set on the scattering thread (a {@code @Lox.Carried} field, as
 * the agent registers it), to read beside that benchmark, where nothing is carried.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ScatterGatherBenchmark.CALLS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "-Dchronicle.analytics.disable=true")
public class CarriedScatterBenchmark {
    static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

    @Param({"2", "8"})
    int threads;

    private Handle1<Integer, Integer> lox;

    static int square(int x) {
        return x * x;
    }

    @Setup
    public void start() {
        CarriedContext.carry(REQUEST, CarriedScatterBenchmark.class.getName() + "#REQUEST");
        REQUEST.set("request-1");
        lox = Lox.thread(threads).of(CarriedScatterBenchmark::square);
    }

    @TearDown
    public void stop() {
        CarriedContext.stopCarrying(REQUEST);
        REQUEST.remove();
    }

    /** Scatter every call (each capturing the one carried value), then one gather. */
    @Benchmark
    public long loxScatterGatherCarrying() {
        for (int i = 0; i < ScatterGatherBenchmark.CALLS; i++) {
            lox.scatter(i);
        }
        long sum = 0;
        for (Integer result : lox.gather()) {
            sum += result;
        }
        return sum;
    }
}
