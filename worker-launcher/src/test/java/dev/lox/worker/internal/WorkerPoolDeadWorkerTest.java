package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.WorkerCrashedException;
import dev.lox.spi.MethodRef;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the pool does with a worker that died: no call goes to it, and its replacement holds up nobody. */
class WorkerPoolDeadWorkerTest {
    private static final long BOUND_SECONDS = 60;

    static long twice(long x) {
        return 2 * x;
    }

    static int halt(int code) {
        Runtime.getRuntime().halt(code);
        return 0;
    }

    private static final MethodRef TWICE = new MethodRef(WorkerPoolDeadWorkerTest.class.getName(), "twice", "(J)J", true);
    private static final MethodRef HALT = new MethodRef(WorkerPoolDeadWorkerTest.class.getName(), "halt", "(I)I", true);

    private static WorkerCrashedException crashOf(CompletableFuture<Object> call) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(BOUND_SECONDS, TimeUnit.SECONDS));
        return assertInstanceOf(WorkerCrashedException.class, e.getCause());
    }

    @Test
    void callSubmittedAfterTheWorkerExitedBeforeItWasRetiredGoesToTheReplacement() throws Exception {
        WorkerPool pool = new WorkerPool("exited-worker", 1, WorkerPool.DEFAULT_MAX_MESSAGE_BYTES);
        try {
            CompletableFuture<Object> killer;
            CompletableFuture<Object> after;
            // Holding the read lock keeps the reader from retiring the dead worker, so the second call
            // is submitted exactly in the window between the worker's exit and its retirement.
            pool.readLock().lock();
            try {
                killer = pool.submit(HALT, new Object[] {3});
                WorkerSlot dead = pool.awaitWorker(0, BOUND_SECONDS, TimeUnit.SECONDS);
                dead.process().process().onExit().get(BOUND_SECONDS, TimeUnit.SECONDS);
                after = pool.submit(TWICE, new Object[] {21L});
            } finally {
                pool.readLock().unlock();
            }
            assertEquals(3, crashOf(killer).exitCode(), "the call that killed the worker fails with its exit code");
            assertEquals(42L, after.get(BOUND_SECONDS, TimeUnit.SECONDS), "the call sent after the exit runs on the replacement");
        } finally {
            pool.close();
        }
    }

    @Test
    void otherWorkersAnswerWhileTheReplacementOfADeadWorkerStarts() throws Exception {
        CountDownLatch replacementStarting = new CountDownLatch(1);
        CountDownLatch letItStart = new CountDownLatch(1);
        AtomicInteger starts = new AtomicInteger();
        WorkerPool pool = new WorkerPool("replacement", 2, WorkerPool.DEFAULT_MAX_MESSAGE_BYTES, slot -> {
            if (starts.incrementAndGet() > 2) { // the first two fill the pool; the third replaces the dead one
                replacementStarting.countDown();
                try {
                    letItStart.await(BOUND_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            // Both workers hold nothing, so each call goes to the first one; answering makes it ready,
            // and a worker that was ready is replaced as soon as it dies.
            assertEquals(42L, pool.submit(TWICE, new Object[] {21L}).get(BOUND_SECONDS, TimeUnit.SECONDS));
            CompletableFuture<Object> killer = pool.submit(HALT, new Object[] {3});
            assertEquals(3, crashOf(killer).exitCode());
            assertTrue(replacementStarting.await(BOUND_SECONDS, TimeUnit.SECONDS), "the dead worker's replacement starts");

            // The replacement is held mid-start: a call (from another thread, so that a blocked
            // submit cannot hang the test) must still be sent to the live worker and answered.
            Future<Object> other = caller.submit(() -> pool.submit(TWICE, new Object[] {5L}).get(BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(10L, other.get(BOUND_SECONDS, TimeUnit.SECONDS));

            letItStart.countDown();
            assertEquals(14L, pool.submit(TWICE, new Object[] {7L}).get(BOUND_SECONDS, TimeUnit.SECONDS));
        } finally {
            letItStart.countDown();
            caller.shutdownNow();
            pool.close();
        }
    }
}
