package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.spi.MethodRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Regression: a worker start that was outside the pool's locks while {@code close()} ran went on to
 * start the JVM, whose folder creation brought back the pool folder close() had just deleted.
 */
class WorkerPoolCloseWhileStartingTest {
    private static final long BOUND_SECONDS = 60;
    private static final MethodRef TWICE = new MethodRef(WorkerPoolCloseWhileStartingTest.class.getName(), "twice", "(J)J", true);

    static long twice(long x) {
        return 2 * x;
    }

    @Test
    void aStartHeldWhileThePoolClosesStartsNoWorkerAndLeavesNoFolder() throws Exception {
        CountDownLatch atStart = new CountDownLatch(1);
        CountDownLatch letStart = new CountDownLatch(1);
        WorkerPool pool = new WorkerPool("close-while-starting", 1, WorkerPool.DEFAULT_MAX_MESSAGE_BYTES, slot -> {
            atStart.countDown();
            try {
                letStart.await(BOUND_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            // Workers start on the pool's supervisor thread: the call waits for one in the pool.
            CompletableFuture<Object> submitted = pool.submit(TWICE, new Object[] {21L});
            assertTrue(atStart.await(BOUND_SECONDS, TimeUnit.SECONDS), "the first call starts a worker");
            Path folder = pool.poolFolder();
            assertNotNull(folder, "the pool's folder is made before its first worker starts");

            pool.close();
            assertFalse(Files.exists(folder), "close() removes the pool's folder");
            letStart.countDown();

            ExecutionException e = assertThrows(ExecutionException.class, () -> submitted.get(BOUND_SECONDS, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, e.getCause(), "the call fails: its pool is closed");
            assertThrows(IllegalStateException.class, () -> pool.submit(TWICE, new Object[] {1L}), "a later call is refused");
            assertFalse(Files.exists(folder), "the start that close() overtook did not bring the pool's folder back");
            assertTrue(pool.workers().isEmpty(), "no worker was started into the closed pool");
        } finally {
            letStart.countDown();
            caller.shutdownNow();
            pool.close();
        }
    }
}
