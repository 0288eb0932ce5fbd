package dev.lox.worker.bench;

import dev.lox.Lox;
import dev.lox.spi.MethodRef;
import dev.lox.worker.internal.WorkerPool;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Process mode's figures, each beside its baseline measured in the same run: a child JVM fed through
 * a pipe with ObjectOutputStream. Run by scripts/bench process; prints one line per figure.
 *
 * <p>Arguments: {@code [roundtrip calls] [throughput calls]}.
 */
public final class ProcessBench {
    static final MethodRef ECHO = new MethodRef(ProcessBench.class.getName(), "echo", "(I)I", true);

    private ProcessBench() {
    }

    /** The small call: an int in, an int out. */
    public static int echo(int x) {
        return x + 1;
    }

    /** CPU-bound work of about 50 ms on this machine: no allocation, no shared state. */
    public static long burn(long seed) {
        long x = seed;
        for (int i = 0; i < 60_000_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x ^= x >>> 29;
        }
        return x;
    }

    /** CPU-bound work of {@code units} x about 5 ms: the uneven-calls case mixes sizes. */
    public static long work(int units, long seed) {
        long x = seed;
        for (long i = 0, n = units * 4_000_000L; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x ^= x >>> 29;
        }
        return x;
    }

    public static void main(String[] args) throws Exception {
        int roundTrips = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int throughputCalls = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        System.out.printf(Locale.ROOT, "machine: %d processors, load average %.2f at start%n",
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        // ready: the first pool pays for loading Chronicle in this JVM too; the second shows a worker alone
        long t0 = System.nanoTime();
        WorkerPool pool = WorkerPool.open("bench", 1);
        pool.submit(ECHO, new Object[] {1}).get(60, TimeUnit.SECONDS);
        long firstCall = System.nanoTime() - t0;
        long workerReady = pool.readyAfterNanos()[0];
        long[] ready = new long[5];
        long[] first = new long[5];
        for (int i = 0; i < ready.length; i++) {
            WorkerPool next = WorkerPool.open("bench-ready-" + i, 1);
            t0 = System.nanoTime();
            next.submit(ECHO, new Object[] {1}).get(60, TimeUnit.SECONDS);
            first[i] = System.nanoTime() - t0;
            ready[i] = next.readyAfterNanos()[0];
            next.close();
        }
        long[] pipeFirst = new long[3];
        for (int i = 0; i < pipeFirst.length; i++) {
            t0 = System.nanoTime();
            try (Pipe p = new Pipe()) {
                p.call(1);
            }
            pipeFirst[i] = System.nanoTime() - t0;
        }
        Pipe pipe = new Pipe();
        pipe.call(1);
        System.out.printf(Locale.ROOT, "ready: worker ready after spawn: median %.0f ms (min %.0f, max %.0f) of %d; first call on a new"
                + " pool median %.0f ms | first pool of this JVM: ready %.0f ms, first call %.0f ms (incl. loading Chronicle here)"
                + " | pipe child first call median %.0f ms%n",
                ms(pct(ready, 50)), ms(pct(ready, 1)), ms(pct(ready, 100)), ready.length, ms(pct(first, 50)),
                ms(workerReady), ms(firstCall), ms(pct(pipeFirst, 50)));

        // round trip of a small call, one at a time, in alternating blocks so that neither side's
        // threads are disturbed by the other's within a block
        var handle = Lox.process(1).of(ProcessBench::echo);
        int block = 1000;
        long[] lox = new long[roundTrips];
        long[] viaHandle = new long[roundTrips];
        long[] pipes = new long[roundTrips];
        for (int warm = 0; warm < 2; warm++) {
            for (int from = 0; from < roundTrips; from += block) {
                int to = Math.min(roundTrips, from + block);
                for (int i = from; i < to; i++) {
                    long s = System.nanoTime();
                    handle.scatter(i);
                    handle.gather();
                    viaHandle[i] = System.nanoTime() - s;
                }
                for (int i = from; i < to; i++) {
                    long s = System.nanoTime();
                    pool.submit(ECHO, new Object[] {i}).get();
                    lox[i] = System.nanoTime() - s;
                }
                for (int i = from; i < to; i++) {
                    long s = System.nanoTime();
                    pipe.call(i);
                    pipes[i] = System.nanoTime() - s;
                }
            }
        }
        System.out.printf(Locale.ROOT, "round trip: Lox.process(1) scatter+gather median %.1f us p99 %.1f us; pool submit+get"
                + " median %.1f us p99 %.1f us | pipe median %.1f us p99 %.1f us | pipe/lox median %.1fx%n",
                us(pct(viaHandle, 50)), us(pct(viaHandle, 99)), us(pct(lox, 50)), us(pct(lox, 99)),
                us(pct(pipes, 50)), us(pct(pipes, 99)), (double) pct(pipes, 50) / pct(viaHandle, 50));

        // pipelined throughput: send everything, then collect everything
        double loxRate = 0;
        double pipeRate = 0;
        for (int rep = 0; rep < 5; rep++) {
            List<CompletableFuture<Object>> calls = new ArrayList<>(throughputCalls);
            long s = System.nanoTime();
            for (int i = 0; i < throughputCalls; i++) {
                calls.add(pool.submit(ECHO, new Object[] {i}));
            }
            for (CompletableFuture<Object> c : calls) {
                c.get();
            }
            loxRate = Math.max(loxRate, throughputCalls / ((System.nanoTime() - s) / 1e9));
            int pipeCalls = throughputCalls / 4;
            s = System.nanoTime();
            pipe.pipelined(pipeCalls);
            pipeRate = Math.max(pipeRate, pipeCalls / ((System.nanoTime() - s) / 1e9));
        }
        double pipeOneByOne = 1e9 / pct(pipes, 50);
        System.out.printf(Locale.ROOT, "throughput (best of 5): lox pipelined %.0f calls/s | pipe pipelined %.0f calls/s,"
                + " pipe one call at a time %.0f calls/s | lox/pipe pipelined %.1fx, lox/pipe one at a time %.1fx%n",
                loxRate, pipeRate, pipeOneByOne, loxRate / pipeRate, loxRate / pipeOneByOne);

        // the same burst on a new pool, whose workers have answered nothing yet: calls per second from
        // the first answer to the last (the worker's start-up is not in it)
        double freshRate = 0;
        for (int rep = 0; rep < 3; rep++) {
            WorkerPool fresh = WorkerPool.open("bench-fresh-" + rep, 1);
            List<CompletableFuture<Object>> calls = new ArrayList<>(throughputCalls);
            for (int i = 0; i < throughputCalls; i++) {
                calls.add(fresh.submit(ECHO, new Object[] {i}));
            }
            calls.get(0).get();
            long s = System.nanoTime();
            for (CompletableFuture<Object> c : calls) {
                c.get();
            }
            freshRate = Math.max(freshRate, (throughputCalls - 1) / ((System.nanoTime() - s) / 1e9));
            fresh.close();
        }
        System.out.printf(Locale.ROOT, "fresh pool (best of 3): lox pipelined %.0f calls/s from the first answer to the last"
                + " | fresh/warm %.2fx%n", freshRate, freshRate / loxRate);

        // idle CPU: a warm worker with nothing to do, and this JVM's reader meanwhile
        long pid = pool.workerPids().get(0);
        ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
        Thread.sleep(2000); // let the pausers reach their longest parks
        long cpu0 = worker.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        long self0 = processCpu();
        long wall0 = System.nanoTime();
        Thread.sleep(10_000);
        long cpu1 = worker.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        long self1 = processCpu();
        long wall = System.nanoTime() - wall0;
        System.out.printf(Locale.ROOT, "idle: worker uses %.2f%% of a core, this JVM (reader thread, with one idle pool) %.2f%%,"
                + " over %.0f s%n", 100.0 * (cpu1 - cpu0) / wall, 100.0 * (self1 - self0) / wall, wall / 1e9);
        pipe.close();

        // CPU-bound speedup: 2 workers against serial in this JVM, alternating, 3 runs each
        int tasks = 16;
        for (int i = 0; i < 2; i++) {
            burn(i); // warm this JVM's JIT as the workers' will be
        }
        var burner = Lox.process(2).of(ProcessBench::burn);
        for (int i = 0; i < 4; i++) {
            burner.scatter((long) i);
        }
        burner.gather(); // start and warm both workers
        long[] serialRuns = new long[3];
        long[] parallelRuns = new long[3];
        for (int run = 0; run < 3; run++) {
            long s = System.nanoTime();
            long serialCheck = 0;
            for (int i = 0; i < tasks; i++) {
                serialCheck += burn(i);
            }
            serialRuns[run] = System.nanoTime() - s;
            s = System.nanoTime();
            for (int i = 0; i < tasks; i++) {
                burner.scatter((long) i);
            }
            long parallelCheck = burner.gather().stream().mapToLong(Long::longValue).sum();
            parallelRuns[run] = System.nanoTime() - s;
            if (parallelCheck != serialCheck) {
                throw new AssertionError("results differ: " + parallelCheck + " != " + serialCheck);
            }
        }
        long serial = pct(serialRuns, 50);
        long parallel = pct(parallelRuns, 50);
        System.out.printf(Locale.ROOT, "cpu-bound: %d tasks of %.0f ms, median of 3: serial %.0f ms, 2 workers %.0f ms, speedup %.2fx"
                + " (runs: serial %s ms, 2 workers %s ms)%n", tasks, ms(serial / tasks), ms(serial), ms(parallel),
                (double) serial / parallel, msList(serialRuns), msList(parallelRuns));

        // uneven calls: 64 calls of 5 ms, every 8th of 40 ms, on 2 workers against serial in this JVM
        int[] units = new int[64];
        for (int i = 0; i < units.length; i++) {
            units[i] = i % 8 == 0 ? 8 : 1;
        }
        var uneven = Lox.process(2).of(ProcessBench::work);
        for (int i = 0; i < 8; i++) {
            work(units[i], i); // warm this JVM's JIT, and both workers'
            uneven.scatter(units[i], (long) i);
        }
        uneven.gather();
        long[] unevenSerial = new long[3];
        long[] unevenParallel = new long[3];
        for (int run = 0; run < 3; run++) {
            long s = System.nanoTime();
            long serialCheck = 0;
            for (int i = 0; i < units.length; i++) {
                serialCheck += work(units[i], i);
            }
            unevenSerial[run] = System.nanoTime() - s;
            s = System.nanoTime();
            for (int i = 0; i < units.length; i++) {
                uneven.scatter(units[i], (long) i);
            }
            long parallelCheck = uneven.gather().stream().mapToLong(Long::longValue).sum();
            unevenParallel[run] = System.nanoTime() - s;
            if (parallelCheck != serialCheck) {
                throw new AssertionError("results differ: " + parallelCheck + " != " + serialCheck);
            }
        }
        serial = pct(unevenSerial, 50);
        parallel = pct(unevenParallel, 50);
        System.out.printf(Locale.ROOT, "uneven calls: 64 calls, every 8th 8x the others, median of 3: serial %.0f ms, 2 workers %.0f ms,"
                + " speedup %.2fx (runs: serial %s ms, 2 workers %s ms)%n", ms(serial), ms(parallel),
                (double) serial / parallel, msList(unevenSerial), msList(unevenParallel));
        System.out.printf(Locale.ROOT, "load average %.2f at end%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        pool.close();
        System.exit(0);
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long pct(long[] samples, int p) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
    }

    static String msList(long[] nanos) {
        return Arrays.toString(Arrays.stream(nanos).map(n -> n / 1_000_000).toArray());
    }

    static double us(long nanos) {
        return nanos / 1e3;
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** The baseline: a child JVM over stdin/stdout pipes, ObjectOutputStream both ways. */
    static final class Pipe implements AutoCloseable {
        private final Process process;
        private final ObjectOutputStream out;
        private final ObjectInputStream in;

        Pipe() throws Exception {
            process = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classPath(), PipeChild.class.getName())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new ObjectOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
            out.flush();
            in = new ObjectInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        }

        int call(int x) throws Exception {
            out.writeObject(new Object[] {ProcessBench.class.getName(), "echo", new Object[] {x}});
            out.flush();
            return (Integer) in.readObject();
        }

        /** Every request written (and flushed, as a worker must get it at once) by one thread while this one reads. */
        void pipelined(int calls) throws Exception {
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < calls; i++) {
                        out.writeObject(new Object[] {ProcessBench.class.getName(), "echo", new Object[] {i}});
                        out.flush();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            for (int i = 0; i < calls; i++) {
                in.readObject();
            }
            writer.join();
        }

        @Override
        public void close() throws java.io.IOException {
            out.close();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** This JVM's class path and, when run with the agent, the agent jar (which the JVM does not list there). */
    static String classPath() {
        try {
            return System.getProperty("java.class.path") + File.pathSeparator
                    + Paths.get(MethodRef.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
