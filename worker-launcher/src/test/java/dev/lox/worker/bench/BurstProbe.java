package dev.lox.worker.bench;

import dev.lox.Lox;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Locale;

/**
 * Pipelined bursts through the public handle, one line per burst: its rate, and what each side spent
 * on it (CPU of this JVM's threads by name, the worker's CPU, GC count and pause time): tells a slow
 * burst's cause (GC, the reader, the worker) under a load that makes wall times noisy.
 *
 * <p>Arguments: {@code [calls per burst] [bursts] [fresh]}; {@code fresh}: each burst on a new pool
 * (at most 3), as ProcessBench's first burst on a fresh worker.
 */
public final class BurstProbe {
    private BurstProbe() {
    }

    public static int echo(int x) {
        return x + 1;
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int bursts = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        boolean fresh = args.length > 2 && args[2].equals("fresh");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var handle = Lox.process(1).of(BurstProbe::echo);
        handle.scatter(0);
        handle.gather();
        for (int i = 0; i < 3; i++) { // warm this JVM, as ProcessBench's round trips do
            ProcessBench.handleBurst(handle, calls);
        }
        if (fresh) {
            bursts = Math.min(bursts, ProcessBench.FRESH.size());
        }
        ProcessHandle worker = ProcessHandle.current().children().findFirst().orElseThrow();
        System.out.printf(Locale.ROOT, "%6s %9s %8s %8s %8s %8s %8s %5s %7s %6s %8s%n", "burst", "calls/s", "main", "reader", "mainB",
                "readerB", "worker", "gcs", "gc ms", "load", "worker0");
        for (int b = 0; b < bursts; b++) {
            if (fresh) { // a new pool (its method's own) that has answered one call: its worker's JIT cold
                var before = ProcessHandle.current().children().map(ProcessHandle::pid).toList();
                handle = Lox.process(1).of(ProcessBench.FRESH.get(b));
                handle.scatter(0);
                handle.gather();
                worker = ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).findFirst().orElseThrow();
            }
            long[] t0 = cpuByKind(threads);
            long w0 = cpu(worker);
            long[] g0 = gc();
            long rate = ProcessBench.handleBurst(handle, calls);
            long[] t1 = cpuByKind(threads);
            long w1 = cpu(worker);
            long[] g1 = gc();
            System.out.printf(Locale.ROOT, "%6d %9d %8.0f %8.0f %8.0f %8.0f %8.0f %5d %7d %6.2f %8d%n", b, rate,
                    (t1[0] - t0[0]) / (double) calls, (t1[1] - t0[1]) / (double) calls, (t1[3] - t0[3]) / (double) calls,
                    (t1[4] - t0[4]) / (double) calls,
                    (w1 - w0) / (double) calls, g1[0] - g0[0], g1[1] - g0[1],
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), w0 / 1_000_000);
        }
        System.out.println("(ns a call; mainB/readerB: bytes allocated a call; main = the scattering/gathering thread, reader = lox-process-*-responses;"
                + " worker0: the worker JVM's CPU before the burst, ms, its start included)");
        System.exit(0);
    }

    static long cpu(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    static long[] gc() {
        long count = 0;
        long time = 0;
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += g.getCollectionCount();
            time += g.getCollectionTime();
        }
        return new long[] {count, time};
    }

    /** CPU nanoseconds of the main thread, the response readers, and every other thread. */
    static long[] cpuByKind(ThreadMXBean threads) {
        long[] r = new long[5];
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long c = threads.getThreadCpuTime(info.getThreadId());
            if (c < 0) {
                continue;
            }
            String n = info.getThreadName();
            int kind = n.equals("main") ? 0 : n.endsWith("-responses") ? 1 : 2;
            r[kind] += c;
            if (kind < 2) {
                r[3 + kind] += ((com.sun.management.ThreadMXBean) threads).getThreadAllocatedBytes(info.getThreadId());
            }
        }
        return r;
    }

}
