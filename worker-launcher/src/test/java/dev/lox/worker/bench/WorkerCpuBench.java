package dev.lox.worker.bench;

import dev.lox.worker.internal.WorkerPool;

import java.nio.file.Path;
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
 * load that makes {@link WorkerStartBench}'s wall times scatter. The parent's CPU time through the
 * burst is printed beside it, so that two builds' first bursts can be compared a call at a time.
 *
 * <p>Arguments: {@code <pools> <calls> [--saturated]}. Prints the medians over the pools. With
 * {@code --saturated} the worker is stopped (SIGSTOP) while a burst is scattered, then let go: it
 * runs the calls back to back, so its CPU time is what the calls cost it, not also its polling
 * while it waited for the parent; the scattering thread's CPU time is then what sending costs.
 */
public final class WorkerCpuBench {
    /** This JVM's CPU time (all its threads: the scattering one, the response reader, the JIT). */
    private static final com.sun.management.OperatingSystemMXBean PARENT =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private WorkerCpuBench() {
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed");
        }
    }

    /** CPU time of each of a process's threads, by name with digits dropped (C2 CompilerThread0 and 1 together), from /proc. */
    static java.util.Map<String, Long> threadCpuMillis(long pid) {
        java.util.Map<String, Long> byName = new java.util.TreeMap<>();
        long tick = 10; // ms per clock tick at USER_HZ 100, which Linux reports /proc times in
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc", Long.toString(pid), "task"))) {
            for (java.nio.file.Path t : (Iterable<java.nio.file.Path>) tasks::iterator) {
                String stat = java.nio.file.Files.readString(t.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]", "");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                byName.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * tick, Long::sum); // utime, stime
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or a thread that ended meanwhile: the figure is left out
        }
        return byName;
    }

    public static void main(String[] a) throws Exception {
        int pools = Integer.parseInt(a[0]), calls = Integer.parseInt(a[1]);
        boolean saturated = a.length > 2 && a[2].equals("--saturated");
        long[] submitCpu = new long[pools];
        WorkerPool first = WorkerPool.open("cpu-first", 1);
        first.submit(ProcessBench.ECHO, new Object[] {1}).get(60, TimeUnit.SECONDS);
        first.close();
        Thread.sleep(2000);
        long[] ready = new long[pools], cpuReady = new long[pools], cpuAfter = new long[pools], burst = new long[pools];
        long[] parentBurst = new long[pools], workerBurst = new long[pools], parentWarm = new long[pools], workerWarm = new long[pools];
        for (int i = 0; i < pools; i++) {
            Set<Long> before = new HashSet<>();
            ProcessHandle.current().children().forEach(p -> before.add(p.pid()));
            WorkerPool pool = WorkerPool.open("cpu-" + i, 1);
            pool.submit(ProcessBench.ECHO, new Object[] {1}).get(60, TimeUnit.SECONDS);
            ready[i] = pool.readyAfterNanos()[0];
            ProcessHandle w = ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).findFirst().orElseThrow();
            cpuReady[i] = w.info().totalCpuDuration().orElseThrow().toMillis();
            java.util.Map<String, Long> threadsBefore = threadCpuMillis(w.pid());
            long s = System.nanoTime();
            long parentBefore = PARENT.getProcessCpuTime();
            List<Future<Object>> fs = new ArrayList<>(calls);
            if (saturated) {
                signal("STOP", w.pid()); // the calls pile up in its queue: it then runs them back to back, never idle
            }
            long submitBefore = THREADS.getCurrentThreadCpuTime();
            for (int c = 0; c < calls; c++) fs.add(pool.submit(ProcessBench.ECHO, new Object[] {c}));
            submitCpu[i] = THREADS.getCurrentThreadCpuTime() - submitBefore;
            if (saturated) {
                signal("CONT", w.pid());
            }
            for (Future<Object> f : fs) f.get(60, TimeUnit.SECONDS);
            burst[i] = System.nanoTime() - s;
            parentBurst[i] = PARENT.getProcessCpuTime() - parentBefore;
            cpuAfter[i] = w.info().totalCpuDuration().orElseThrow().toMillis();
            workerBurst[i] = cpuAfter[i] - cpuReady[i];
            java.util.Map<String, Long> threadsAfter = threadCpuMillis(w.pid());
            threadsAfter.replaceAll((k, v) -> v - threadsBefore.getOrDefault(k, 0L));
            threadsAfter.values().removeIf(v -> v == 0);
            // the same burst again on the now warm worker: per-call cost without the JIT's warm-up
            long warmParent = PARENT.getProcessCpuTime();
            long warmWorker = w.info().totalCpuDuration().orElseThrow().toMillis();
            fs.clear();
            java.util.Map<String, Long> warmBefore = threadCpuMillis(w.pid());
            if (saturated) {
                signal("STOP", w.pid());
            }
            for (int c = 0; c < calls; c++) fs.add(pool.submit(ProcessBench.ECHO, new Object[] {c}));
            if (saturated) {
                signal("CONT", w.pid());
            }
            for (Future<Object> f : fs) f.get(60, TimeUnit.SECONDS);
            java.util.Map<String, Long> warmAfter = threadCpuMillis(w.pid());
            warmAfter.replaceAll((k, v) -> v - warmBefore.getOrDefault(k, 0L));
            warmAfter.values().removeIf(v -> v == 0);
            System.out.println("pool " + i + ": worker threads' CPU in the second burst (ms): " + warmAfter);
            String jfr = System.getProperty("bench.workerJfr"); // a folder: the worker's flight recording is dumped there
            if (jfr != null) { // the worker halts when its pool closes, which writes no recording
                Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(w.pid()), "JFR.dump", "filename=" + Path.of(jfr, "worker-" + i + ".jfr")).inheritIO().start();
                dump.waitFor(60, TimeUnit.SECONDS);
            }
            parentWarm[i] = PARENT.getProcessCpuTime() - warmParent;
            workerWarm[i] = w.info().totalCpuDuration().orElseThrow().toMillis() - warmWorker;
            System.out.println("pool " + i + ": worker threads' CPU in the first burst (ms): " + threadsAfter);
            pool.close();
        }
        System.out.println("per pool: burst CPU, parent " + Arrays.toString(Arrays.stream(parentBurst).map(n -> n / 1_000_000).toArray())
                + " ms, worker " + Arrays.toString(workerBurst) + " ms");
        Arrays.sort(ready); Arrays.sort(cpuReady); Arrays.sort(cpuAfter); Arrays.sort(burst);
        Arrays.sort(parentBurst); Arrays.sort(workerBurst); Arrays.sort(parentWarm); Arrays.sort(workerWarm); Arrays.sort(submitCpu);
        System.out.printf(Locale.ROOT, "median of %d: CPU of the scattering thread a call of the first burst (submit): %.2f us%n", pools,
                submitCpu[pools / 2] / 1e3 / calls);
        System.out.printf(Locale.ROOT, "median of %d: CPU a call of the second (warm) burst: parent %.2f us, worker %.2f us%n", pools,
                parentWarm[pools / 2] / 1e3 / calls, workerWarm[pools / 2] * 1e3 / calls);
        System.out.printf(Locale.ROOT, "median of %d: CPU a call of the first burst: parent %.2f us, worker %.2f us%n", pools,
                parentBurst[pools / 2] / 1e3 / calls, workerBurst[pools / 2] * 1e3 / calls);
        System.out.printf(Locale.ROOT, "median of %d: ready %d ms wall | worker CPU to ready %d ms | worker CPU to ready + %d calls %d ms | those calls %d ms wall%n",
                pools, ready[pools / 2] / 1_000_000, cpuReady[pools / 2], calls, cpuAfter[pools / 2], burst[pools / 2] / 1_000_000);
        System.out.println("cpu to ready " + Arrays.toString(cpuReady) + " cpu after " + Arrays.toString(cpuAfter));
    }
}
