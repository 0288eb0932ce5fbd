package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lox.spi.MethodRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many threads scatter to one pool at once: every call gets its own answer. */
class WorkerPoolConcurrencyTest {

    static long twice(long x) {
        return 2 * x;
    }

    @Test
    void concurrentSubmittersEachGetTheirOwnResults() throws Exception {
        MethodRef twice = new MethodRef(getClass().getName(), "twice", "(J)J", true);
        WorkerPool pool = WorkerPool.open("concurrency", 2);
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<CompletableFuture<Object>>>> batches = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long base = t * 1_000_000L;
                batches.add(submitters.submit(() -> {
                    List<CompletableFuture<Object>> calls = new ArrayList<>();
                    for (long i = 0; i < 2000; i++) {
                        calls.add(pool.submit(twice, new Object[] {base + i}));
                    }
                    return calls;
                }));
            }
            for (int t = 0; t < 4; t++) {
                List<CompletableFuture<Object>> calls = batches.get(t).get(60, TimeUnit.SECONDS);
                for (int i = 0; i < calls.size(); i++) {
                    assertEquals(2 * (t * 1_000_000L + i), calls.get(i).get(60, TimeUnit.SECONDS));
                }
            }
            assertEquals(0, pool.queued());
        } finally {
            submitters.shutdownNow();
            pool.close();
        }
    }
}
