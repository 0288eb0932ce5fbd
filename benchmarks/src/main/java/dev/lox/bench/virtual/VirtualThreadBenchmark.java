package dev.lox.bench.virtual;

import dev.lox.Handle1;
import dev.lox.Lox;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The virtual-thread bars (DESIGN.md section 7, Java 21 and later): {@code Lox.virtual()} against
 * the same loop written by hand on {@code Executors.newVirtualThreadPerTaskExecutor()}: submit every
 * call, then get each future in order. One operation is one batch of calls, scattered and gathered.
 *
 * <ul>
 *   <li>{@code waitMillis=20, calls=2000}: I/O-bound calls (a 20 ms sleep each); bar: lox within 1.1x.
 *   <li>{@code waitMillis=0, calls=10000}: trivial calls; bar: lox no slower.
 * </ul>
 *
 * <p>Two more hand-written loops split the trivial-call gap between lox and the executor: each
 * starts a virtual thread per call whose task is a {@link CompletableFuture} (as lox's virtual
 * pool does), then joins the futures in order. {@code cfPlainVirtual} uses an unnamed factory;
 * {@code cfNamedVirtual} one set up as lox's (a name and an uncaught-exception handler). lox
 * against cfNamed is lox's own layer; cfNamed against cfPlain is the naming; cfPlain against the
 * executor is the JDK's two mechanisms.
 *
 * <p>The module targets Java 17, so the executor and the factories are made by reflection, once
 * per fork: the loops call {@link ExecutorService} and {@link ThreadFactory}, interfaces, as a
 * Java 21 program would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dchronicle.analytics.disable=true")
public class VirtualThreadBenchmark {
    /** "calls:waitMillis": the two bars' batches. */
    @Param({"2000:20", "10000:0"})
    String batch;

    private int calls;
    private long waitMillis;
    private Handle1<Integer, Integer> lox;
    private ExecutorService executor;
    private ThreadFactory plainThreads;
    private ThreadFactory namedThreads;

    static int work(int x, long waitMillis) throws InterruptedException {
        if (waitMillis > 0) {
            Thread.sleep(waitMillis);
        }
        return x * x;
    }

    @Setup
    public void start() throws ReflectiveOperationException {
        if (Runtime.version().feature() < 21) {
            throw new IllegalStateException("the virtual-thread benchmark needs Java 21 or later, this is "
                    + Runtime.version() + ": run it with a newer JAVA (scripts/bench virtual picks Java 25 when present)");
        }
        String[] parts = batch.split(":");
        calls = Integer.parseInt(parts[0]);
        waitMillis = Long.parseLong(parts[1]);
        long wait = waitMillis;
        lox = Lox.virtual().of((Integer x) -> work(x, wait));
        executor = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        Class<?> builder = Class.forName("java.lang.Thread$Builder");
        Object unnamed = Thread.class.getMethod("ofVirtual").invoke(null);
        plainThreads = (ThreadFactory) builder.getMethod("factory").invoke(unnamed);
        Object named = builder.getMethod("name", String.class).invoke(Thread.class.getMethod("ofVirtual").invoke(null), "lox-bench");
        Thread.UncaughtExceptionHandler ignore = (thread, e) -> { };
        Object handled = builder.getMethod("uncaughtExceptionHandler", Thread.UncaughtExceptionHandler.class).invoke(named, ignore);
        namedThreads = (ThreadFactory) builder.getMethod("factory").invoke(handled);
    }

    @TearDown
    public void stop() {
        executor.shutdownNow();
    }

    /** lox: scatter every call on the handle, then one gather returns the results in scatter order. */
    @Benchmark
    public long loxVirtual() {
        for (int i = 0; i < calls; i++) {
            lox.scatter(i);
        }
        long sum = 0;
        for (Integer result : lox.gather()) {
            sum += result;
        }
        return sum;
    }

    /** The hand-written loop on the JDK's virtual-thread-per-task executor. */
    @Benchmark
    public long executorVirtual() throws InterruptedException, ExecutionException {
        List<Future<Integer>> futures = new ArrayList<>(calls);
        long wait = waitMillis;
        for (int i = 0; i < calls; i++) {
            int x = i;
            futures.add(executor.submit(() -> work(x, wait)));
        }
        long sum = 0;
        for (Future<Integer> future : futures) {
            sum += future.get();
        }
        return sum;
    }

    /** The hand loop on an unnamed virtual-thread factory, a {@link CompletableFuture} as each thread's task. */
    @Benchmark
    public long cfPlainVirtual() {
        return futureLoop(plainThreads);
    }

    /** The same loop on a factory set up as lox's: a name and an uncaught-exception handler. */
    @Benchmark
    public long cfNamedVirtual() {
        return futureLoop(namedThreads);
    }

    private long futureLoop(ThreadFactory threads) {
        List<Call> futures = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            Call call = new Call(i, waitMillis);
            threads.newThread(call).start();
            futures.add(call);
        }
        long sum = 0;
        for (Call call : futures) {
            sum += call.join();
        }
        return sum;
    }

    /** A call that is its own thread's task and its own future. */
    static final class Call extends CompletableFuture<Integer> implements Runnable {
        private final int x;
        private final long waitMillis;

        Call(int x, long waitMillis) {
            this.x = x;
            this.waitMillis = waitMillis;
        }

        @Override
        public void run() {
            try {
                complete(work(x, waitMillis));
            } catch (Throwable e) {
                completeExceptionally(e);
            }
        }
    }
}
