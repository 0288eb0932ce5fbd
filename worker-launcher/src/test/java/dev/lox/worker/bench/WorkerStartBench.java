package dev.lox.worker.bench;

import dev.lox.Lox;
import dev.lox.function.Fn1;
import dev.lox.worker.internal.WorkerPool;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How soon a new worker is ready, and what that is worth to a first batch: the worker-start figures
 * of scripts/bench process, alone, for comparing builds or settings run alternately (with and
 * without the class-data archive: {@code -Dlox.process.classDataArchive=false}).
 *
 * <ul>
 * <li>ready: a new 1-worker pool's worker, from spawn to its first message, {@code pools} times, and
 *     the worker's CPU time by then (all its threads, as the OS counts them);
 * <li>first batch: 16 CPU-bound calls of about 50 ms on a new {@code Lox.process(2)} handle, from
 *     the first scatter (the workers' start included) to the gather's return, against the same calls
 *     serially in this JVM and against the same batch again on the now warm workers.
 * </ul>
 *
 * <p>Arguments: {@code [pools]}.
 */
public final class WorkerStartBench {
    private WorkerStartBench() {
    }

    private static final int TASKS = 16;

    public static long burn0(long seed) {
        return ProcessBench.burn(seed);
    }

    public static long burn1(long seed) {
        return ProcessBench.burn(seed);
    }

    public static long burn2(long seed) {
        return ProcessBench.burn(seed);
    }

    public static void main(String[] args) throws Exception {
        int pools = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        System.out.printf(Locale.ROOT, "load average %.2f at start%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        // the first pool of the JVM also loads Chronicle here (and may start making the archive): not counted
        WorkerPool first = WorkerPool.open("start-first", 1);
        first.submit(ProcessBench.ECHO, new Object[] {1}).get(60, TimeUnit.SECONDS);
        first.close();
        Thread.sleep(3000); // let a first archive be made, if this is the first JVM to need it
        long[] ready = new long[pools];
        long[] cpu = new long[pools];
        for (int i = 0; i < pools; i++) {
            WorkerPool pool = WorkerPool.open("start-" + i, 1);
            pool.submit(ProcessBench.ECHO, new Object[] {1}).get(60, TimeUnit.SECONDS);
            ready[i] = pool.readyAfterNanos()[0];
            cpu[i] = pool.workerPids().stream().findFirst().flatMap(ProcessHandle::of).flatMap(p -> p.info().totalCpuDuration())
                    .map(java.time.Duration::toNanos).orElse(-1L);
            pool.close();
        }
        System.out.printf(Locale.ROOT, "ready: worker ready after spawn, median %.0f ms (min %.0f, max %.0f) of %d: %s ms%n",
                ProcessBench.ms(ProcessBench.pct(ready, 50)), ProcessBench.ms(ProcessBench.pct(ready, 1)),
                ProcessBench.ms(ProcessBench.pct(ready, 100)), pools, ProcessBench.msList(ready));
        // CPU time moves far less with the machine's load than wall time: what to compare builds by on a busy machine
        System.out.printf(Locale.ROOT, "ready: worker CPU time (all its threads, JIT included) to ready and one call, median %.0f ms: %s ms%n",
                ProcessBench.ms(ProcessBench.pct(cpu, 50)), ProcessBench.msList(cpu));

        List<Fn1<Long, Long>> fresh = List.of(WorkerStartBench::burn0, WorkerStartBench::burn1, WorkerStartBench::burn2);
        long[] serial = new long[fresh.size()];
        long[] cold = new long[fresh.size()];
        long[] warm = new long[fresh.size()];
        ProcessBench.burn(0); // this JVM's JIT, warmed as a long-running application's would be
        ProcessBench.burn(1);
        for (int rep = 0; rep < fresh.size(); rep++) {
            long s = System.nanoTime();
            long serialCheck = 0;
            for (int i = 0; i < TASKS; i++) {
                serialCheck += ProcessBench.burn(i);
            }
            serial[rep] = System.nanoTime() - s;
            var handle = Lox.process(2).of(fresh.get(rep));
            for (long[] into : new long[][] {cold, warm}) {
                s = System.nanoTime();
                for (int i = 0; i < TASKS; i++) {
                    handle.scatter((long) i);
                }
                long check = handle.gather().stream().mapToLong(Long::longValue).sum();
                into[rep] = System.nanoTime() - s;
                if (check != serialCheck) {
                    throw new AssertionError("results differ: " + check + " != " + serialCheck);
                }
            }
        }
        long serialMedian = ProcessBench.pct(serial, 50);
        System.out.printf(Locale.ROOT, "first batch: %d CPU-bound calls, median of %d: serial %.0f ms | Lox.process(2) fresh workers"
                + " (their start included) %.0f ms, speedup %.2fx | same batch again, warm workers %.0f ms, speedup %.2fx"
                + " (runs: serial %s, fresh %s, warm %s ms)%n", TASKS, fresh.size(), ProcessBench.ms(serialMedian),
                ProcessBench.ms(ProcessBench.pct(cold, 50)), (double) serialMedian / ProcessBench.pct(cold, 50),
                ProcessBench.ms(ProcessBench.pct(warm, 50)), (double) serialMedian / ProcessBench.pct(warm, 50),
                ProcessBench.msList(serial), ProcessBench.msList(cold), ProcessBench.msList(warm));
        System.out.printf(Locale.ROOT, "load average %.2f at end%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.exit(0);
    }
}
