package dev.lox.worker.bench;

import dev.lox.worker.internal.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pipelined throughput alone, one figure per burst, for comparing two builds run alternately (see
 * docs/benchmarks-process.md): ProcessBench keeps the best of five bursts, which on a shared machine
 * says more about the quietest moment than about the build.
 *
 * <p>Arguments: {@code [calls per burst] [workers] [bursts]}; prints one line per burst.
 */
public final class PipelinedBursts {
    private PipelinedBursts() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int bursts = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        WorkerPool pool = WorkerPool.open("bursts", workers);
        List<CompletableFuture<Object>> warm = new ArrayList<>();
        for (int i = 0; i < 1000 * workers; i++) {
            warm.add(pool.submit(ProcessBench.ECHO, new Object[] {i})); // at once, so that every worker answers some
        }
        for (CompletableFuture<Object> call : warm) {
            call.get(60, TimeUnit.SECONDS);
        }
        for (int burst = 0; burst < bursts; burst++) {
            List<CompletableFuture<Object>> sent = new ArrayList<>(calls);
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sent.add(pool.submit(ProcessBench.ECHO, new Object[] {i}));
            }
            for (CompletableFuture<Object> call : sent) {
                call.get();
            }
            System.out.printf(Locale.ROOT, "burst %d: %.0f calls/s%n", burst, calls / ((System.nanoTime() - start) / 1e9));
        }
        pool.close();
        System.exit(0);
    }
}
