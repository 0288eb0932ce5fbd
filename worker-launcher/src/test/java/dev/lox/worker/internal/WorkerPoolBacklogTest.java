package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lox.WorkerCrashedException;
import dev.lox.spi.MethodRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls beyond the workers' windows wait in the pool and go to the first worker with room: a slow
 * call holds up nothing behind it, a worker's death loses none of them (and fails them only if no
 * worker is left to take them), and closing fails them all.
 * The workers are real JVMs running this class's static methods.
 */
class WorkerPoolBacklogTest {
    private static final long BOUND_SECONDS = 60;
    private static final int QUICK_CALLS = 20;

    private static final MethodRef TWICE = new MethodRef(WorkerPoolBacklogTest.class.getName(), "twice", "(J)J", true);
    private static final MethodRef BLOCK = new MethodRef(WorkerPoolBacklogTest.class.getName(), "block",
            "(Ljava/lang/String;Ljava/lang/String;)I", true);

    @TempDir
    Path dir;

    static long twice(long x) {
        return 2 * x;
    }

    /**
     * Runs in a worker: creates {@code started}, then waits until the test creates {@code release}
     * (at most twice the test's bound, so that a failed test leaves no worker behind for long).
     */
    static int block(String started, String release) throws IOException, InterruptedException {
        Files.createFile(Path.of(started));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2 * BOUND_SECONDS);
        while (!Files.exists(Path.of(release))) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the test never released this call");
            }
            Thread.sleep(1); // the slow call itself: it polls what the test controls
        }
        return 1;
    }

    private CompletableFuture<Object> submitBlock(WorkerPool pool, String name) {
        return pool.submit(BLOCK, new Object[] {dir.resolve(name).toString(), dir.resolve("release").toString()});
    }

    private List<CompletableFuture<Object>> submitQuick(WorkerPool pool) {
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (long i = 0; i < QUICK_CALLS; i++) {
            calls.add(pool.submit(TWICE, new Object[] {i}));
        }
        return calls;
    }

    private static void assertAnswered(List<CompletableFuture<Object>> quick) throws Exception {
        for (int i = 0; i < quick.size(); i++) {
            assertEquals(2L * i, quick.get(i).get(BOUND_SECONDS, TimeUnit.SECONDS), "quick call " + i);
        }
    }

    private void release() throws IOException {
        if (!Files.exists(dir.resolve("release"))) {
            Files.createFile(dir.resolve("release"));
        }
    }

    /** A file the worker creates: polled, every wait bounded. */
    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!Files.exists(file)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(file + " was not created within " + BOUND_SECONDS + " s");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void quickCallsScatteredAfterASlowOneAllFinishWhileItRuns() throws Exception {
        WorkerPool pool = new WorkerPool("slow-then-quick", 2, WorkerPool.DEFAULT_MAX_MESSAGE_BYTES);
        try {
            CompletableFuture<Object> slow = submitBlock(pool, "slow-started");
            List<CompletableFuture<Object>> quick = submitQuick(pool);
            // Split up front, half of them would wait behind the slow call until it ends.
            assertAnswered(quick);
            assertFalse(slow.isDone(), "the slow call is still running: no quick call waited for it");
            release();
            assertEquals(1, slow.get(BOUND_SECONDS, TimeUnit.SECONDS));
        } finally {
            release();
            pool.close();
        }
    }

    @Test
    void waitingCallsSurviveTheKillOfAWorkerAndRunElsewhere() throws Exception {
        WorkerPool pool = new WorkerPool("backlog-kill", 2, WorkerPool.DEFAULT_MAX_MESSAGE_BYTES);
        try {
            CompletableFuture<Object> killed = submitBlock(pool, "first-started");
            CompletableFuture<Object> blocked = submitBlock(pool, "second-started");
            // Each worker holds one call (a worker that has answered nothing yet holds no more), so
            // these wait in the pool.
            List<CompletableFuture<Object>> quick = submitQuick(pool);
            awaitFile(dir.resolve("first-started")); // its worker is up, so it is replaced when it dies
            awaitFile(dir.resolve("second-started"));
            assertEquals(QUICK_CALLS, pool.queued(), "the waiting calls count as queued");

            pool.workers().get(0).process().kill(); // SIGKILL
            ExecutionException crash = assertThrows(ExecutionException.class, () -> killed.get(BOUND_SECONDS, TimeUnit.SECONDS));
            assertInstanceOf(WorkerCrashedException.class, crash.getCause(), "the call the dead worker held fails");

            // The other worker is still blocked: the waiting calls can only run on the replacement.
            assertAnswered(quick);
            assertFalse(blocked.isDone(), "the other worker's call is still running");
            release();
            assertEquals(1, blocked.get(BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(0, pool.queued());
        } finally {
            release();
            pool.close();
        }
    }

    @Test
    void callsWaitingForAWorkerThatDiedBeforeItWasReadyFailWithIt() throws Exception {
        // A worker refuses a queue folder that others may write, and exits before it is ready: the
        // setup is broken, so the pool starts no replacement, and the calls waiting for a worker must
        // fail like the one it held instead of waiting for a worker that nobody starts. The folder is
        // this JVM's, shared by every pool: it is made writable only while this pool's workers start.
        // Two workers: a pool of one would send every call to its worker at once, and none would wait.
        Path shared = ProcessRuntime.folder();
        WorkerPool pool = new WorkerPool("refused-folder", 2, WorkerPool.DEFAULT_MAX_MESSAGE_BYTES, slot -> {
            try {
                Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwx---"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            List<CompletableFuture<Object>> calls = submitQuick(pool);
            for (CompletableFuture<Object> call : calls) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(BOUND_SECONDS, TimeUnit.SECONDS));
                WorkerCrashedException crash = assertInstanceOf(WorkerCrashedException.class, e.getCause());
                assertEquals(WorkerMain.REFUSED, crash.exitCode());
            }
            assertEquals(0, pool.queued());
        } finally {
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwx------"));
            pool.close();
        }
    }

    @Test
    void closingFailsTheCallsWaitingInThePool() throws Exception {
        // Two workers (a pool of one sends every call at scatter), each holding one blocked call: the
        // quick calls wait in the pool.
        WorkerPool pool = new WorkerPool("backlog-close", 2, WorkerPool.DEFAULT_MAX_MESSAGE_BYTES);
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        try {
            calls.add(submitBlock(pool, "first-started"));
            calls.add(submitBlock(pool, "second-started"));
            calls.addAll(submitQuick(pool));
            awaitFile(dir.resolve("first-started"));
            awaitFile(dir.resolve("second-started"));
            assertEquals(QUICK_CALLS, pool.queued());
        } finally {
            assertTimeoutPreemptively(Duration.ofSeconds(BOUND_SECONDS), pool::close);
        }
        for (CompletableFuture<Object> call : calls) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(BOUND_SECONDS, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, e.getCause());
        }
        assertEquals(0, pool.queued());
    }
}
