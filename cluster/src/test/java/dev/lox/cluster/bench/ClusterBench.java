package dev.lox.cluster.bench;

import dev.lox.Handle1;
import dev.lox.Lox;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cluster mode's figures through the public handle, each beside local process mode in the same run:
 * a small call's round trip, pipelined throughput, and CPU-bound speedup on 2 members against the
 * same calls run serially. Run by {@code scripts/bench cluster} with the agent jar and
 * {@code -Dlox.cluster=local:2}; prints one line per figure.
 *
 * <p>Arguments: {@code [round trips] [throughput calls] [cpu calls]}.
 */
public final class ClusterBench {
    private ClusterBench() {
    }

    /** The small call: an int in, an int out. */
    public static int echo(int x) {
        return x + 1;
    }

    /** CPU-bound work of about 50 ms here: no allocation, no shared state (process mode's bench's own). */
    public static long burn(long seed) {
        long x = seed;
        for (int i = 0; i < 60_000_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x ^= x >>> 29;
        }
        return x;
    }

    public static void main(String[] args) throws Exception {
        int roundTrips = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int throughputCalls = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int cpuCalls = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        System.out.printf(Locale.ROOT, "machine: %d processors, load average %.2f at start; cluster %s%n",
                Runtime.getRuntime().availableProcessors(), load(), System.getProperty("lox.cluster"));

        long t0 = System.nanoTime();
        var clusterEcho = Lox.cluster(64).of(ClusterBench::echo);
        clusterEcho.scatter(0);
        clusterEcho.gather();
        System.out.printf(Locale.ROOT, "cluster up and first call answered: %.0f ms (local members started, client connected)%n",
                (System.nanoTime() - t0) / 1e6);
        var processEcho = Lox.process(2).of(ClusterBench::echo);
        processEcho.scatter(0);
        processEcho.gather();

        // round trip: one call at a time, scatter then gather, warmed up first
        for (int round = 0; round < 2; round++) {
            long[] cluster = roundTrips(clusterEcho, roundTrips);
            long[] process = roundTrips(processEcho, roundTrips);
            if (round == 1) {
                System.out.printf(Locale.ROOT, "round trip (%d calls): cluster median %.1f us p99 %.1f us; process median %.1f us p99 %.1f us;"
                        + " cluster/process %.1fx%n", roundTrips, us(median(cluster)), us(p99(cluster)), us(median(process)),
                        us(p99(process)), (double) median(cluster) / median(process));
            }
        }

        // pipelined throughput: scatter them all, then gather; with the CPU each side spent per call (the scaling model's inputs)
        for (int round = 0; round < 2; round++) {
            long driverCpu = processCpuNanos();
            long membersCpu = membersCpuNanos();
            double cluster = throughput(clusterEcho, throughputCalls);
            driverCpu = processCpuNanos() - driverCpu;
            membersCpu = membersCpuNanos() - membersCpu;
            double process = throughput(processEcho, throughputCalls);
            if (round == 1) {
                System.out.printf(Locale.ROOT, "pipelined throughput (%d calls, 64 in flight on the cluster): cluster %.0f calls/s;"
                        + " process(2) %.0f calls/s; cluster/process %.2fx%n", throughputCalls, cluster, process, cluster / process);
                System.out.printf(Locale.ROOT, "CPU per small call on the cluster: driver %.0f us, members (all) %.0f us%n",
                        driverCpu / 1e3 / throughputCalls, membersCpu / 1e3 / throughputCalls);
            }
        }

        // CPU-bound: serial in this JVM, then on the cluster's members (one call at a time each, local:2 on 2 cores)
        burn(1); // warm the JIT here as the members warm theirs in the first calls
        var clusterBurn = Lox.cluster(2).of(ClusterBench::burn);
        clusterBurn.scatter(1L);
        clusterBurn.scatter(2L);
        clusterBurn.gather(); // both members warm
        long serialStart = System.nanoTime();
        long check = 0;
        for (int i = 0; i < cpuCalls; i++) {
            check += burn(i);
        }
        long serial = System.nanoTime() - serialStart;
        long clusterStart = System.nanoTime();
        for (int i = 0; i < cpuCalls; i++) {
            clusterBurn.scatter((long) i);
        }
        long sum = 0;
        for (long v : clusterBurn.gather(Duration.ofMinutes(10))) {
            sum += v;
        }
        long onCluster = System.nanoTime() - clusterStart;
        if (sum != check) {
            throw new AssertionError("the cluster's results differ from the serial ones");
        }
        System.out.printf(Locale.ROOT, "CPU-bound (%d calls of ~%.0f ms): serial %.2f s, cluster %.2f s, speedup %.2fx (bar >= 1.7x);"
                + " load average %.2f at end%n", cpuCalls, serial / 1e6 / cpuCalls, serial / 1e9, onCluster / 1e9,
                (double) serial / onCluster, load());
    }

    /** This JVM's CPU time (user + system). */
    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** The CPU time of this JVM's child JVMs that are cluster members (local:N's), summed. */
    private static long membersCpuNanos() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().map(c -> c.contains("dev.lox.cluster.MemberMain")).orElse(false))
                .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L)).sum();
    }

    private static long[] roundTrips(Handle1<Integer, Integer> echo, int calls) {
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            echo.scatter(i);
            if (echo.gather().get(0) != i + 1) {
                throw new AssertionError("wrong answer");
            }
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static double throughput(Handle1<Integer, Integer> echo, int calls) throws Exception {
        long t = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            echo.scatter(i);
        }
        List<Integer> out = echo.gather(Duration.ofMinutes(10));
        long elapsed = System.nanoTime() - t;
        if (out.get(calls - 1) != calls) {
            throw new AssertionError("wrong answer");
        }
        return calls / (elapsed / 1e9);
    }

    private static long median(long[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static long p99(long[] sorted) {
        return sorted[(int) (sorted.length * 0.99)];
    }

    private static double us(long nanos) {
        return nanos / 1e3;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
