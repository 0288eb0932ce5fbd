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

    /** Methods of their own for the fresh-worker bursts: each method gets its own pool. */
    public static int fresh0(int x) {
        return x + 1;
    }

    public static int fresh1(int x) {
        return x + 1;
    }

    public static int fresh2(int x) {
        return x + 1;
    }

    static final List<dev.lox.function.Fn1<Integer, Integer>> FRESH =
            List.of(ProcessBench::fresh0, ProcessBench::fresh1, ProcessBench::fresh2);

    /** The round trips of one run, in nanoseconds. */
    record RoundTrips(long[] handle, long[] plain, long[] pool, long[] pipe) {
    }

    static RoundTrips roundTrips(dev.lox.Handle1<Integer, Integer> handle, WorkerPool pool, Pipe pipe, int calls) throws Exception {
        int block = 1000;
        RoundTrips r = new RoundTrips(new long[calls], new long[calls], new long[calls], new long[calls]);
        for (int warm = 0; warm < 2; warm++) {
            for (int from = 0; from < calls; from += block) {
                int to = Math.min(calls, from + block);
                for (int i = from; i < to; i++) {
                    long s = System.nanoTime();
                    handle.scatter(i);
                    handle.gather();
                    r.handle[i] = System.nanoTime() - s;
                }
                for (int i = from; i < to; i++) {
                    long s = System.nanoTime();
                    dev.lox.bench.process.PlainCall.noteOnce(i);
                    r.plain[i] = System.nanoTime() - s;
                }
                for (int i = from; i < to; i++) {
                    long s = System.nanoTime();
                    pool.submit(ECHO, new Object[] {i}).get();
                    r.pool[i] = System.nanoTime() - s;
                }
                for (int i = from; i < to; i++) {
                    long s = System.nanoTime();
                    pipe.call(i);
                    r.pipe[i] = System.nanoTime() - s;
                }
            }
        }
        return r;
    }

    /** Scatters {@code calls} calls, then gathers them all; calls per second, the gather's results checked. */
    static long handleBurst(dev.lox.Handle1<Integer, Integer> handle, int calls) {
        long s = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            handle.scatter(i);
        }
        List<Integer> results = handle.gather();
        long rate = (long) (calls / ((System.nanoTime() - s) / 1e9));
        if (results.size() != calls || results.get(calls - 1) != calls) {
            throw new AssertionError("wrong results: " + results.size() + " results, last " + results.get(results.size() - 1));
        }
        return rate;
    }

    /** The same burst through the pool's own submit and each future's get. */
    static long poolBurst(WorkerPool pool, int calls) throws Exception {
        List<CompletableFuture<Object>> sent = new ArrayList<>(calls);
        long s = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            sent.add(pool.submit(ECHO, new Object[] {i}));
        }
        for (CompletableFuture<Object> c : sent) {
            c.get();
        }
        return (long) (calls / ((System.nanoTime() - s) / 1e9));
    }

    static long max(long[] samples) {
        return Arrays.stream(samples).max().orElse(0);
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
        boolean handleOnly = args.length > 0 && args[0].equals("--handle-path");
        if (handleOnly) {
            args = Arrays.copyOfRange(args, 1, args.length);
        }
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
        // threads are disturbed by the other's within a block: the handle users call first, a plain
        // call the agent scatters in a gather region, the pool's own submit beside them, the pipe
        var handle = Lox.process(1).of(ProcessBench::echo);
        RoundTrips trips = roundTrips(handle, pool, pipe, roundTrips);
        System.out.printf(Locale.ROOT, "round trip: Lox.process(1).of(echo) scatter+gather median %.1f us p99 %.1f us"
                + " | plain call in a gather region (@Lox.Process(1) void) median %.1f us p99 %.1f us"
                + " | pool submit+get median %.1f us p99 %.1f us | pipe median %.1f us p99 %.1f us | pipe/handle median %.1fx%n",
                us(pct(trips.handle, 50)), us(pct(trips.handle, 99)), us(pct(trips.plain, 50)), us(pct(trips.plain, 99)),
                us(pct(trips.pool, 50)), us(pct(trips.pool, 99)), us(pct(trips.pipe, 50)), us(pct(trips.pipe, 99)),
                (double) pct(trips.pipe, 50) / pct(trips.handle, 50));

        // pipelined throughput: scatter everything, then gather everything
        long[] handleRates = new long[5];
        long[] poolRates = new long[5];
        long[] pipeRates = new long[5];
        for (int rep = 0; rep < 5; rep++) {
            handleRates[rep] = handleBurst(handle, throughputCalls);
            poolRates[rep] = poolBurst(pool, throughputCalls);
            pipeRates[rep] = pipe.pipelined(throughputCalls / 4);
        }
        double pipeOneByOne = 1e9 / pct(trips.pipe, 50);
        System.out.printf(Locale.ROOT, "throughput (median of 5, best in brackets): Lox.process(1).of(echo) %d calls/s [%d]"
                + " | pool submit %d calls/s [%d] | pipe pipelined %d calls/s [%d], one call at a time %.0f calls/s"
                + " | handle/pipe pipelined %.1fx, handle/pipe one at a time %.1fx%n",
                pct(handleRates, 50), max(handleRates), pct(poolRates, 50), max(poolRates), pct(pipeRates, 50), max(pipeRates),
                pipeOneByOne, (double) pct(handleRates, 50) / pct(pipeRates, 50), pct(handleRates, 50) / pipeOneByOne);

        // the first burst on fresh workers: a new pool (and a new pipe child) that has answered one call,
        // its JIT cold; calls per second from the first scatter of the burst to the end of its gather
        long[] freshHandle = new long[FRESH.size()];
        long[] freshPool = new long[FRESH.size()];
        long[] freshPipe = new long[FRESH.size()];
        for (int rep = 0; rep < FRESH.size(); rep++) {
            var fresh = Lox.process(1).of(FRESH.get(rep));
            fresh.scatter(0);
            fresh.gather();
            freshHandle[rep] = handleBurst(fresh, throughputCalls);
            WorkerPool freshP = WorkerPool.open("bench-fresh-" + rep, 1);
            freshP.submit(ECHO, new Object[] {0}).get(60, TimeUnit.SECONDS);
            freshPool[rep] = poolBurst(freshP, throughputCalls);
            freshP.close();
            try (Pipe p = new Pipe()) {
                p.call(0);
                freshPipe[rep] = p.pipelined(throughputCalls / 4);
            }
        }
        System.out.printf(Locale.ROOT, "first burst on a fresh worker (median of %d): Lox.process(1).of(fn) %d calls/s"
                + " | pool submit %d calls/s | pipe, fresh child %d calls/s | handle/warm pipe %.1fx, handle/fresh pipe %.1fx,"
                + " fresh/warm handle %.2fx%n", FRESH.size(), pct(freshHandle, 50), pct(freshPool, 50), pct(freshPipe, 50),
                (double) pct(freshHandle, 50) / pct(pipeRates, 50), (double) pct(freshHandle, 50) / pct(freshPipe, 50),
                (double) pct(freshHandle, 50) / pct(handleRates, 50));
        if (handleOnly) {
            System.out.printf(Locale.ROOT, "load average %.2f at end%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            pipe.close();
            pool.close();
            System.exit(0);
        }

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

        /**
         * Every request written (and flushed, as a worker must get it at once) by one thread while this
         * one reads; calls per second.
         */
        long pipelined(int calls) throws Exception {
            long s = System.nanoTime();
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
            return (long) (calls / ((System.nanoTime() - s) / 1e9));
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
