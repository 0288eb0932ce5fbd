package dev.lox.bench.thread;

import dev.lox.Handle1;
import dev.lox.Lox;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * CPU time a call of the thread and virtual bars' loops (10,000 trivial calls scattered, then
 * gathered), for a machine too loaded for wall-clock figures: load adds to wall time, much less to
 * the CPU a loop spends. Prints, per call: wall time, the process's CPU time (user+sys, every
 * thread: the pool's, the JIT's and the GC's too) and the scattering thread's own.
 *
 * <p>Usage: {@code java -cp <benchmarks.jar> dev.lox.bench.thread.CpuPerCall MODE THREADS WARM BATCHES}
 * with MODE one of {@code threadlox}, {@code threadex} ({@code Lox.thread(THREADS)} or a fixed
 * executor of as many), {@code virtuallox}, {@code virtualex} ({@code Lox.virtual()} or
 * {@code newVirtualThreadPerTaskExecutor()}, Java 21 and later; THREADS is ignored). To hold two
 * builds side by side, run this file with each build's jar: {@code java -cp <jar> CpuPerCall.java ...}
 * (the source launcher compiles it against that jar's lox-api), alternating builds each round.
 */
public final class CpuPerCall {
    static final int CALLS = 10_000;

    private CpuPerCall() {
    }

    static int square(int x) {
        return x * x;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: CpuPerCall threadlox|threadex|virtuallox|virtualex THREADS WARM BATCHES");
        }
        String mode = args[0];
        int threads = Integer.parseInt(args[1]);
        int warm = Integer.parseInt(args[2]);
        int batches = Integer.parseInt(args[3]);
        boolean virtual = mode.startsWith("virtual");
        boolean lox = mode.endsWith("lox");
        // Lox.virtual() by reflection: a build from before virtual pools still runs the thread modes.
        Lox.Pool pool = virtual ? (Lox.Pool) Lox.class.getMethod("virtual").invoke(null) : Lox.thread(threads);
        Handle1<Integer, Integer> handle = pool.of(CpuPerCall::square);
        ExecutorService executor = virtual
                ? (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null) // the jar targets 17
                : Executors.newFixedThreadPool(Math.max(1, threads));
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean me = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < warm; i++) {
            sink += lox ? loxBatch(handle) : executorBatch(executor);
        }
        long ownCpu = me.getCurrentThreadCpuTime();
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            sink += lox ? loxBatch(handle) : executorBatch(executor);
        }
        wall = System.nanoTime() - wall;
        cpu = os.getProcessCpuTime() - cpu;
        ownCpu = me.getCurrentThreadCpuTime() - ownCpu;
        double calls = (double) batches * CALLS;
        System.out.printf("%s %d wall_ns %.1f cpu_ns %.1f main_ns %.1f sink %d%n",
                mode, threads, wall / calls, cpu / calls, ownCpu / calls, sink & 1);
        executor.shutdownNow();
        System.exit(0); // lox's pool threads are daemons, the executor's not all
    }

    private static long loxBatch(Handle1<Integer, Integer> handle) {
        for (int i = 0; i < CALLS; i++) {
            handle.scatter(i);
        }
        long sum = 0;
        for (Integer result : handle.gather()) {
            sum += result;
        }
        return sum;
    }

    private static long executorBatch(ExecutorService executor) throws Exception {
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
