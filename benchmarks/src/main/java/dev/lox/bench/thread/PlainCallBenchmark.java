package dev.lox.bench.thread;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bar "a plain call of an instrumented method outside a region: no cost JMH can see". One run
 * measures both twins in the same JVM: {@link PlainCallTarget#record}, which the agent instruments
 * when scripts/bench starts the forks with {@code -javaagent:...=plaincall.conf}, and
 * {@link UninstrumentedTarget#record}, which nothing touches. No gather region is ever open, so the
 * advice must decide to let the body run, and that decision is the cost measured.
 *
 * <p>Without the agent the two scores must match too: that run checks the twins themselves.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "-Dchronicle.analytics.disable=true")
public class PlainCallBenchmark {
    private final PlainCallTarget instrumented = new PlainCallTarget();
    private final UninstrumentedTarget uninstrumented = new UninstrumentedTarget();
    private int next;

    @Benchmark
    public long instrumentedCall() {
        instrumented.record(next++);
        return instrumented.total();
    }

    @Benchmark
    public long uninstrumentedCall() {
        uninstrumented.record(next++);
        return uninstrumented.total();
    }
}
