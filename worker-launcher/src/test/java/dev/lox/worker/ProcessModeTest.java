package dev.lox.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.Lox;
import dev.lox.ScatterException;
import dev.lox.WorkerCrashedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Process mode end to end in this JVM: real worker JVMs, no agent (the test JVM has the opens flags). */
class ProcessModeTest {
    static final Duration BOUND = Duration.ofSeconds(60);

    /** Legacy code: a static scratch buffer makes it unsafe to run on two threads at once. */
    static final class LegacyChecksum {
        private static int[] scratch;
        private static int calls;

        static long checksum(int seed) {
            calls++;
            scratch = new int[1000];
            for (int i = 0; i < scratch.length; i++) {
                scratch[i] = seed * 31 + i;
                Thread.yield(); // widen the race window, as real legacy code's I/O would
            }
            long sum = 0;
            for (int v : scratch) {
                sum += v;
            }
            return sum;
        }

        static long expected(int seed) {
            return 1000L * seed * 31 + 999L * 1000 / 2;
        }

        static long pidAfterCall() {
            calls++;
            return ProcessHandle.current().pid();
        }
    }

    @Test
    void legacyStaticStateGivesCorrectResultsAcrossWorkers() throws TimeoutException {
        var checksum = Lox.process(2).of(LegacyChecksum::checksum);
        for (int seed = 0; seed < 40; seed++) {
            checksum.scatter(seed);
        }
        List<Long> results = checksum.gather(BOUND);
        for (int seed = 0; seed < 40; seed++) {
            assertEquals(LegacyChecksum.expected(seed), results.get(seed), "seed " + seed);
        }
        var pid = Lox.process(2).of(LegacyChecksum::pidAfterCall);
        for (int i = 0; i < 20; i++) {
            pid.scatter();
        }
        Set<Long> pids = new HashSet<>(pid.gather(BOUND));
        assertFalse(pids.contains(ProcessHandle.current().pid()), "calls ran in worker JVMs");
        assertEquals(0, LegacyChecksum.calls, "the parent's statics are untouched: each worker has its own");
    }

    static int fail(String kind) throws Exception {
        switch (kind) {
            case "unchecked" -> throw new IllegalArgumentException("bad value: " + kind);
            case "checked" -> throw new java.io.IOException("disk gone");
            default -> {
                return 0;
            }
        }
    }

    @Test
    void taskExceptionsKeepTheirTypeAndTheWorkersFrames() throws TimeoutException {
        var f = Lox.process(1).of(ProcessModeTest::fail);
        f.scatter("ok");
        f.scatter("unchecked");
        f.scatter("checked");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, f::gather);
        assertEquals("bad value: unchecked", e.getMessage());
        assertTrue(Arrays.stream(e.getStackTrace()).anyMatch(s -> s.getMethodName().equals("fail")
                && s.getClassName().equals(ProcessModeTest.class.getName())), "the worker's frames are visible");
        assertTrue(Arrays.stream(e.getStackTrace()).anyMatch(s -> s.getClassName().endsWith("WorkerMain")),
                "the frames are the worker's");
        assertEquals(1, e.getSuppressed().length, "the other failure is not lost");

        f.scatter("checked");
        ScatterException wrapped = assertThrows(ScatterException.class, f::gather);
        assertInstanceOf(java.io.IOException.class, wrapped.getCause());
        assertEquals("disk gone", wrapped.getCause().getMessage());
    }

    static long pidAfter(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return ProcessHandle.current().pid();
    }

    @Test
    void sigkilledWorkerFailsItsCallsOthersCompleteAndItIsReplaced() throws Exception {
        var slow = Lox.process(2).of(ProcessModeTest::pidAfter);
        for (int i = 0; i < 4; i++) {
            slow.scatter(0L);
        }
        List<Long> warm = new ArrayList<>(new HashSet<>(slow.gather(BOUND)));
        assertEquals(2, warm.size(), "two workers answered");

        List<CompletableFuture<Long>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(slow.scatter(400L));
        }
        long victim = warm.get(0);
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();

        assertThrows(WorkerCrashedException.class, () -> slow.gather(BOUND));
        int crashed = 0;
        int completed = 0;
        for (CompletableFuture<Long> call : calls) {
            try {
                // calls still waiting in the pool when the worker died run on the other worker or on the replacement
                long pid = call.get(0, TimeUnit.SECONDS);
                assertNotEquals(victim, pid, "a call that completed did not run on the dead worker");
                completed++;
            } catch (ExecutionException e) {
                WorkerCrashedException crash = assertInstanceOf(WorkerCrashedException.class, e.getCause());
                assertEquals(137, crash.exitCode(), "SIGKILL");
                assertTrue(crash.getMessage().contains("worker JVM " + victim), crash.getMessage());
                crashed++;
            }
        }
        assertTrue(crashed > 0 && completed > 0, "crashed " + crashed + ", completed " + completed);

        for (int i = 0; i < 6; i++) {
            slow.scatter(0L);
        }
        Set<Long> after = new HashSet<>(slow.gather(BOUND));
        assertFalse(after.contains(victim));
        assertEquals(2, after.size(), "the dead worker was replaced");
    }

    static int exitWith(int code) {
        System.err.println("about to exit with " + code);
        System.exit(code);
        return 0;
    }

    static int allocateForever() {
        List<long[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new long[1 << 20]);
        }
    }

    @Test
    void exitingOrOutOfMemoryWorkerFailsWithExitCodeAndLastStderrLines() throws Exception {
        var exit = Lox.process(1).of(ProcessModeTest::exitWith);
        CompletableFuture<Integer> call = exit.scatter(7);
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(60, TimeUnit.SECONDS));
        WorkerCrashedException crash = assertInstanceOf(WorkerCrashedException.class, e.getCause());
        assertEquals(7, crash.exitCode());
        assertTrue(crash.lastStderrLines().contains("about to exit with 7"), crash.lastStderrLines().toString());
        assertThrows(WorkerCrashedException.class, exit::gather);

        var oom = Lox.process(1).of(ProcessModeTest::allocateForever);
        CompletableFuture<Integer> dies = oom.scatter();
        ExecutionException o = assertThrows(ExecutionException.class, () -> dies.get(60, TimeUnit.SECONDS));
        WorkerCrashedException oomCrash = assertInstanceOf(WorkerCrashedException.class, o.getCause());
        assertNotEquals(0, oomCrash.exitCode());
        assertTrue(oomCrash.lastStderrLines().stream().anyMatch(l -> l.contains("OutOfMemoryError")),
                oomCrash.lastStderrLines().toString());
        assertThrows(WorkerCrashedException.class, oom::gather);
    }

    static long sum(byte[] data) {
        long s = 0;
        for (byte b : data) {
            s += b;
        }
        return s + data.length;
    }

    @Test
    void sixtyFourMebibyteArgumentWorks() throws TimeoutException {
        byte[] data = new byte[64 << 20];
        for (int i = 0; i < data.length; i += 4093) {
            data[i] = (byte) i;
        }
        var summer = Lox.process(1).of(ProcessModeTest::sum);
        summer.scatter(data);
        assertEquals(sum(data), summer.gather(BOUND).get(0));
    }

    @Test
    void argumentThatCannotBeSerializedFailsAtScatterAndNothingIsQueued() throws TimeoutException {
        var summer = Lox.process(1).of(ProcessModeTest::describe);
        Thread t = new Thread(() -> { });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> summer.scatter("ok", t));
        assertTrue(e.getMessage().startsWith("argument 1 (java.lang.Thread) of ProcessModeTest.describe"), e.getMessage());
        assertEquals(0, summer.scattered(), "nothing was queued");
        summer.scatter("fine", "too");
        assertEquals(List.of("fine/too"), summer.gather(BOUND));
    }

    static String describe(Object a, Object b) {
        return a + "/" + b;
    }

    static java.util.concurrent.Future<Long> futureOfPid(int x) {
        return CompletableFuture.completedFuture(ProcessHandle.current().pid() + 0 * x);
    }

    @Test
    void handleOfAMethodReturningAFutureGathersFutures() throws Exception {
        var f = Lox.process(1).of(ProcessModeTest::futureOfPid);
        f.scatter(1);
        List<java.util.concurrent.Future<Long>> results = f.gather(BOUND);
        long pid = results.get(0).get(0, TimeUnit.SECONDS);
        assertNotEquals(ProcessHandle.current().pid(), pid, "ran in a worker; its result is a future, as on threads");
    }

    record Box(int value, long pid) {
        Box(int value) {
            this(value, ProcessHandle.current().pid());
        }
    }

    @Test
    void constructorReferenceRunsInTheWorker() throws TimeoutException {
        var box = Lox.process(1).of((dev.lox.function.Fn1<Integer, Box>) Box::new);
        box.scatter(7);
        Box b = box.gather(BOUND).get(0);
        assertEquals(7, b.value());
        assertNotEquals(ProcessHandle.current().pid(), b.pid());
    }

    @Test
    void debugModeRunsInline() throws TimeoutException {
        System.setProperty("lox.debug", "true");
        try {
            var pid = Lox.process(2).of(ProcessModeTest::pidInDebug);
            pid.scatter();
            assertEquals(List.of(ProcessHandle.current().pid()), pid.gather(BOUND));
        } finally {
            System.clearProperty("lox.debug");
        }
    }

    static long pidInDebug() {
        return ProcessHandle.current().pid();
    }
}
