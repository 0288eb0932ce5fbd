package dev.lox.worker.bench;

import dev.lox.worker.internal.WorkerPool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What a new worker costs in CPU time (user + system, as the OS counts it for the worker's process,
 * read through {@link ProcessHandle}): to be ready, and then through a burst of echo calls on its cold
 * JIT. On a shared machine CPU time moves far less with the load than wall time does, so archive
 * settings run alternately ({@code -Dlox.process.classDataArchive=aot|cds|false}) can be compared at a
 * load that makes {@link WorkerStartBench}'s wall times scatter.
 *
 * <p>Arguments: {@code <pools> <calls>}. Prints the medians over the pools.
 */
public final class WorkerCpuBench {
    private WorkerCpuBench() {
    }

    public static void main(String[] a) throws Exception {
        int pools = Integer.parseInt(a[0]), calls = Integer.parseInt(a[1]);
        WorkerPool first = WorkerPool.open("cpu-first", 1);
        first.submit(ProcessBench.ECHO, new Object[] {1}).get(60, TimeUnit.SECONDS);
        first.close();
        Thread.sleep(2000);
        long[] ready = new long[pools], cpuReady = new long[pools], cpuAfter = new long[pools], burst = new long[pools];
        for (int i = 0; i < pools; i++) {
            Set<Long> before = new HashSet<>();
            ProcessHandle.current().children().forEach(p -> before.add(p.pid()));
            WorkerPool pool = WorkerPool.open("cpu-" + i, 1);
            pool.submit(ProcessBench.ECHO, new Object[] {1}).get(60, TimeUnit.SECONDS);
            ready[i] = pool.readyAfterNanos()[0];
            ProcessHandle w = ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).findFirst().orElseThrow();
            cpuReady[i] = w.info().totalCpuDuration().orElseThrow().toMillis();
            long s = System.nanoTime();
            List<Future<Object>> fs = new ArrayList<>(calls);
            for (int c = 0; c < calls; c++) fs.add(pool.submit(ProcessBench.ECHO, new Object[] {c}));
            for (Future<Object> f : fs) f.get(60, TimeUnit.SECONDS);
            burst[i] = System.nanoTime() - s;
            cpuAfter[i] = w.info().totalCpuDuration().orElseThrow().toMillis();
            pool.close();
        }
        Arrays.sort(ready); Arrays.sort(cpuReady); Arrays.sort(cpuAfter); Arrays.sort(burst);
        System.out.printf(Locale.ROOT, "median of %d: ready %d ms wall | worker CPU to ready %d ms | worker CPU to ready + %d calls %d ms | those calls %d ms wall%n",
                pools, ready[pools / 2] / 1_000_000, cpuReady[pools / 2], calls, cpuAfter[pools / 2], burst[pools / 2] / 1_000_000);
        System.out.println("cpu to ready " + Arrays.toString(cpuReady) + " cpu after " + Arrays.toString(cpuAfter));
    }
}
