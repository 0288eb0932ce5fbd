package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.CallTimeoutException;
import dev.lox.WorkerCrashedException;
import dev.lox.spi.MethodRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into a pool of real worker JVMs. Each test checks the three things that matter:
 * every call ends exactly once, with its own result or a clear failure; nothing hangs (every wait
 * is bounded); the pool serves calls afterwards.
 */
class WorkerPoolFaultTest {
    private static final long BOUND_SECONDS = 60;

    static long twice(long x) {
        return 2 * x;
    }

    static long sleepThenTwice(long millis, long x) throws InterruptedException {
        Thread.sleep(millis);
        return 2 * x;
    }

    /** Never returns, and ignores interrupts. */
    static long spin(long x) {
        long n = x;
        while (n >= 0) {
            n = (n * 31 + 7) & Long.MAX_VALUE;
        }
        return n;
    }

    /** Creates {@code marker}, then never returns, ignoring interrupts. */
    static long markThenSpin(String marker) throws java.io.IOException {
        Files.createFile(Path.of(marker));
        return spin(1);
    }

    /** Creates {@code marker}, then sleeps for ten minutes unless interrupted. */
    static long markThenSleep(String marker) throws Exception {
        Files.createFile(Path.of(marker));
        Thread.sleep(TimeUnit.MINUTES.toMillis(10));
        return 0;
    }

    private static final MethodRef MARK_THEN_SLEEP = new MethodRef(WorkerPoolFaultTest.class.getName(), "markThenSleep",
            "(Ljava/lang/String;)J", true);

    private static void awaitFile(Path marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!Files.exists(marker)) { // it runs: a cancel now interrupts it rather than skipping it
            assertTrue(System.nanoTime() < deadline, marker + " within " + BOUND_SECONDS + " s");
            Thread.sleep(5);
        }
    }

    private static final MethodRef MARK_THEN_SPIN = new MethodRef(WorkerPoolFaultTest.class.getName(), "markThenSpin",
            "(Ljava/lang/String;)J", true);
    private static final MethodRef TWICE = new MethodRef(WorkerPoolFaultTest.class.getName(), "twice", "(J)J", true);
    private static final MethodRef SLEEP = new MethodRef(WorkerPoolFaultTest.class.getName(), "sleepThenTwice", "(JJ)J", true);
    private static final MethodRef SPIN = new MethodRef(WorkerPoolFaultTest.class.getName(), "spin", "(J)J", true);

    private static WorkerPool pool(String name, int workers, PoolSettings settings, FaultyTransport.Plan plan) {
        return new WorkerPool(name, workers, settings, slot -> { },
                (dir, max, reader) -> new FaultyTransport(MessageQueue.open(dir, max, reader), plan), WorkerListener.NONE);
    }

    private static PoolSettings settings() {
        return PoolSettings.defaults().withMaxMessageBytes(1 << 20);
    }

    /** Every call ends, each with its own result or a failure of a type lox documents; returns how many failed. */
    private static int assertEachEndsWithItsOwnResult(List<CompletableFuture<Object>> calls, long[] args) throws Exception {
        int failed = 0;
        for (int i = 0; i < calls.size(); i++) {
            try {
                assertEquals(2 * args[i], calls.get(i).get(BOUND_SECONDS, TimeUnit.SECONDS), "call " + i + " got its own result");
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                assertTrue(c instanceof WorkerCrashedException || c instanceof IllegalStateException, "a clear failure: " + c);
                assertTrue(c.getMessage() != null && c.getMessage().contains("worker"), c.getMessage());
                failed++;
            }
        }
        return failed;
    }

    private static void assertServes(WorkerPool pool) throws Exception {
        for (long x = 100; x < 110; x++) {
            assertEquals(2 * x, pool.submit(TWICE, new Object[] {x}).get(BOUND_SECONDS, TimeUnit.SECONDS), "the pool serves again");
        }
    }

    @ParameterizedTest
    @EnumSource(FaultyTransport.Point.class)
    void aChannelFaultAtAnyPointReplacesTheWorkerAndShiftsNoResult(FaultyTransport.Point point) throws Exception {
        FaultyTransport.Plan plan = new FaultyTransport.Plan();
        WorkerPool pool = pool("fault-" + point, 1, settings(), plan);
        try {
            assertServes(pool); // up and warm
            long before = pool.workerPids().get(0);
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            long[] args = new long[200];
            int thrownAtScatter = 0;
            plan.arm(point);
            for (int i = 0; i < args.length; i++) {
                args[i] = i;
                try {
                    calls.add(pool.submit(TWICE, new Object[] {(long) i}));
                } catch (IllegalStateException e) {
                    assertTrue(e.getMessage().contains("was not sent"), e.getMessage());
                    calls.add(CompletableFuture.completedFuture(2L * i)); // never sent: nothing to wait for
                    thrownAtScatter++;
                }
            }
            assertEachEndsWithItsOwnResult(calls, args);
            assertTrue(plan.fired(), "the fault was injected");
            assertTrue(thrownAtScatter <= 1, "only the call whose append failed fails at scatter");
            assertServes(pool);
            assertNotEquals(before, (long) pool.workerPids().get(0), "the worker behind the broken channel was replaced");
        } finally {
            pool.close();
        }
    }

    /**
     * An append that fails (before, partway, after the message is written) while the worker holds
     * calls: those calls still end with their own results, since the worker reads every message before
     * the failed one; only the failed call fails, at scatter; the worker is then replaced, and the
     * calls scattered meanwhile wait for the replacement.
     */
    @ParameterizedTest
    @EnumSource(value = FaultyTransport.Point.class, names = {"BEFORE_APPEND", "DURING_APPEND", "AFTER_APPEND"})
    void aFailedAppendFailsOnlyItsCallAndTheHeldCallsGetTheirOwnResults(FaultyTransport.Point point) throws Exception {
        FaultyTransport.Plan plan = new FaultyTransport.Plan();
        WorkerPool pool = pool("held-" + point, 1, settings(), plan);
        try {
            assertServes(pool); // up and warm
            long before = pool.workerPids().get(0);
            int held = 50;
            long[] args = new long[2 * held + 1];
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            String thrown = null;
            pool.readLock().lock(); // no response is read: every call sent is held when the append fails
            try {
                for (int i = 0; i < args.length; i++) {
                    args[i] = i;
                    if (i == held) {
                        plan.arm(point);
                    }
                    try {
                        calls.add(pool.submit(TWICE, new Object[] {(long) i}));
                    } catch (IllegalStateException e) {
                        assertEquals(held, i, "the call whose append failed");
                        thrown = e.getMessage();
                        calls.add(CompletableFuture.completedFuture(2L * i)); // never sent: nothing to wait for
                    }
                }
                assertEquals(held, pool.workers().get(0).channel().heldCount(), "held when the append failed");
            } finally {
                pool.readLock().unlock();
            }
            assertTrue(plan.fired(), "the fault was injected");
            assertTrue(thrown != null && thrown.contains("was not sent") && thrown.contains("answers the " + held + " it holds"),
                    String.valueOf(thrown));
            assertEquals(0, assertEachEndsWithItsOwnResult(calls, args), "no call but the one whose append failed fails");
            assertServes(pool);
            assertNotEquals(before, (long) pool.workerPids().get(0), "the worker whose append failed was replaced");
        } finally {
            pool.close();
        }
    }

    @Test
    void aCallPastTheTimeoutFailsSayingWhichCallWhereAndHowLongAndTheCallsBehindItRunElsewhere() throws Exception {
        WorkerPool pool = pool("timeout", 2, settings().withCallTimeout(Duration.ofSeconds(1)), new FaultyTransport.Plan());
        try {
            assertServes(pool);
            CompletableFuture<Object> looping = pool.submit(SPIN, new Object[] {1L});
            List<CompletableFuture<Object>> quick = new ArrayList<>();
            for (long x = 0; x < 50; x++) {
                quick.add(pool.submit(TWICE, new Object[] {x}));
            }
            ExecutionException e = assertThrows(ExecutionException.class, () -> looping.get(BOUND_SECONDS, TimeUnit.SECONDS));
            CallTimeoutException timeout = assertInstanceOf(CallTimeoutException.class, e.getCause());
            assertTrue(timeout.getMessage().contains("call ") && timeout.getMessage().contains("spin")
                    && timeout.getMessage().contains("worker JVM") && timeout.getMessage().contains("call timeout of 1.0 s"),
                    timeout.getMessage());
            assertTrue(timeout.elapsed().compareTo(Duration.ofSeconds(1)) > 0);
            for (int i = 0; i < quick.size(); i++) {
                assertEquals(2L * i, quick.get(i).get(BOUND_SECONDS, TimeUnit.SECONDS), "no call behind the looping one is lost");
            }
            assertServes(pool);
        } finally {
            pool.close();
        }
    }

    @Test
    void cancelWithInterruptStopsACallInTheWorkerWhichThenServesOn(@TempDir Path tmp) throws Exception {
        WorkerPool pool = pool("cancel", 1, settings(), new FaultyTransport.Plan());
        try {
            assertServes(pool);
            long pid = pool.workerPids().get(0);
            Path marker = tmp.resolve("running");
            CompletableFuture<Object> sleeping = pool.submit(MARK_THEN_SLEEP, new Object[] {marker.toString()});
            CompletableFuture<Object> behind = pool.submit(TWICE, new Object[] {21L});
            awaitFile(marker);
            assertFalse(behind.isDone(), "it waits behind the sleeping call");
            assertTrue(sleeping.cancel(true));
            assertThrows(CancellationException.class, () -> sleeping.get(BOUND_SECONDS, TimeUnit.SECONDS));
            assertEquals(42L, behind.get(BOUND_SECONDS, TimeUnit.SECONDS), "the call behind the cancelled one runs once it stopped");
            assertEquals(pid, (long) pool.workerPids().get(0), "an interrupted call needs no new worker");
            assertServes(pool);
        } finally {
            pool.close();
        }
    }

    @Test
    void aCancelledCallThatIgnoresTheInterruptGetsItsWorkerReplaced(@TempDir Path tmp) throws Exception {
        WorkerPool pool = pool("cancel-ignored", 1, settings().withCancelGrace(Duration.ofMillis(500)), new FaultyTransport.Plan());
        try {
            assertServes(pool);
            long pid = pool.workerPids().get(0);
            Path marker = tmp.resolve("running");
            CompletableFuture<Object> spinning = pool.submit(MARK_THEN_SPIN, new Object[] {marker.toString()});
            CompletableFuture<Object> behind = pool.submit(TWICE, new Object[] {21L});
            awaitFile(marker);
            assertTrue(spinning.cancel(true));
            assertEquals(42L, behind.get(BOUND_SECONDS, TimeUnit.SECONDS), "the call behind it moves to the replacement");
            assertNotEquals(pid, (long) pool.workerPids().get(0));
            assertServes(pool);
        } finally {
            pool.close();
        }
    }

    /**
     * A worker stopped before it was ready sends no heartbeat (beats start at ready): the start
     * timeout finds it. The JVM is held at its start by HotSpot's PauseAtStartup (it waits for a file
     * to go), which is what a worker stopped then looks like; a loader of its own gives the pool a
     * worker command of its own, so no other test's workers get the flag.
     */
    @Test
    void aWorkerStoppedBeforeItIsReadyIsReplacedAndItsCallsFailClearly() throws Exception {
        Path here = Path.of(System.getProperty("user.dir"));
        System.setProperty("lox.process.jvmArgs", "-XX:+UnlockDiagnosticVMOptions -XX:+PauseAtStartup");
        try (java.net.URLClassLoader own = new java.net.URLClassLoader(new java.net.URL[0], getClass().getClassLoader())) {
            WorkerPool pool = WorkerPool.open("not-ready", 1, own, settings().withStartTimeout(Duration.ofSeconds(2)));
            try {
                CompletableFuture<Object> call = pool.submit(TWICE, new Object[] {21L});
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
                List<Long> paused = pool.workerPids();
                while (paused.isEmpty() && !call.isDone()) { // its JVM is spawned by the pool's supervisor
                    assertTrue(System.nanoTime() < deadline, "a worker JVM spawned within " + BOUND_SECONDS + " s");
                    Thread.sleep(5);
                    paused = pool.workerPids();
                }
                ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(BOUND_SECONDS, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof WorkerCrashedException, e.getCause()::toString);
                assertTrue(e.getCause().getMessage().contains("was replaced before it was ready, because it was not ready")
                        && e.getCause().getMessage().contains("start timeout of 2.0 s"), e.getCause().getMessage());
                assertEquals(1, paused.size(), "the paused worker was seen");
                java.util.Optional<ProcessHandle> worker = ProcessHandle.of(paused.get(0));
                if (worker.isPresent()) {
                    worker.get().onExit().get(BOUND_SECONDS, TimeUnit.SECONDS); // killed, not left paused
                }
            } finally {
                pool.close();
            }
        } finally {
            System.clearProperty("lox.process.jvmArgs");
            try (var files = Files.list(here)) { // PauseAtStartup's files, left by the killed JVMs
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (p.getFileName().toString().startsWith("vm.paused.")) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    @Test
    void aStoppedWorkerIsFoundByItsHeartbeatAndReplaced() throws Exception {
        WorkerPool pool = pool("sigstop", 2, settings().withStallTimeout(Duration.ofSeconds(1)), new FaultyTransport.Plan());
        try {
            assertServes(pool);
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            long[] args = new long[40];
            for (int i = 0; i < args.length; i++) {
                args[i] = i;
                calls.add(pool.submit(SLEEP, new Object[] {20L, (long) i}));
            }
            long stopped = pool.workerPids().get(0);
            Process kill = new ProcessBuilder("kill", "-STOP", Long.toString(stopped)).inheritIO().start();
            assertTrue(kill.waitFor(BOUND_SECONDS, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -STOP");
            int failed = assertEachEndsWithItsOwnResult(calls, args);
            assertTrue(failed <= 1, "only the call the stopped worker ran fails; " + failed + " failed");
            assertFalse(pool.workerPids().contains(stopped), "the stopped worker was replaced");
            assertServes(pool);
        } finally {
            pool.close();
        }
    }

    @Test
    void aDeletedQueueFolderIsCreatedAgainForTheReplacement() throws Exception {
        WorkerPool pool = pool("deleted-folder", 1, settings(), new FaultyTransport.Plan());
        try {
            assertServes(pool);
            QueueFolder.deleteTree(ProcessRuntime.folder()); // as a tmp cleaner would
            WorkerProcess dead = pool.workers().get(0).process();
            dead.kill();
            dead.process().onExit().get(BOUND_SECONDS, TimeUnit.SECONDS); // a call sent before its exit would fail with it
            assertServes(pool);
            assertTrue(ProcessRuntime.isIntact(), "the folder and its worker.args are back");
        } finally {
            pool.close();
        }
    }

    @Test
    void stressWithRandomKillsLosesDuplicatesAndShiftsNothing() throws Exception {
        int total = Integer.getInteger("lox.stress.calls", 2000);
        WorkerPool pool = pool("stress", 2, settings(), new FaultyTransport.Plan());
        java.util.Random random = new java.util.Random(8);
        try {
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            long[] args = new long[total];
            for (int i = 0; i < total; i++) {
                args[i] = random.nextLong() >> 2;
                calls.add(pool.submit(SLEEP, new Object[] {1L, args[i]})); // 1 ms each: calls are in flight at every kill
            }
            int kills = 0;
            int every = Math.max(100, total / 10);
            for (int next = every; next < total; next += every) {
                try {
                    calls.get(next).get(BOUND_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // checked below with the others
                }
                List<WorkerSlot> w = pool.workers();
                if (!w.isEmpty()) {
                    w.get(random.nextInt(w.size())).process().kill(); // SIGKILL
                    kills++;
                }
            }
            int failed = assertEachEndsWithItsOwnResult(calls, args);
            System.out.println("stress: " + total + " calls, " + kills + " kills, " + failed + " failed with the crash, "
                    + (total - failed) + " with their own result, 0 lost, 0 given another's result");
            assertServes(pool);
        } finally {
            pool.close();
        }
    }
}
