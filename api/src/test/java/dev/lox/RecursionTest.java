package dev.lox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.internal.Descriptors;
import dev.lox.internal.ParallelMethods;
import dev.lox.internal.PlainCalls;
import dev.lox.internal.PoolSpec;
import dev.lox.spi.MethodRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A call that waits for calls of its own pool (issue 7, item 4): a thread of the pool runs a call it
 * waits for itself, so recursion ends with the right result; a wait that can never end fails fast.
 * Every test is bounded: a hang fails it.
 */
@Timeout(60)
class RecursionTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    /** Scatters to its own one-thread pool and waits with {@code future.get()}. */
    @Lox.Thread(1)
    static int depthByGet(int n) throws Exception {
        if (n == 0) {
            return 0;
        }
        return Lox.of(RecursionTest::depthByGet).scatter(n - 1).get() + 1;
    }

    /** As {@link #depthByGet}, waiting with {@code join()}. */
    @Lox.Thread(1)
    static int depthByJoin(int n) {
        if (n == 0) {
            return 0;
        }
        return Lox.of(RecursionTest::depthByJoin).scatter(n - 1).join() + 1;
    }

    static final AtomicInteger FIB_CALLS = new AtomicInteger();

    /** Recursive fib on two threads: each call scatters its two halves and gathers them. */
    @Lox.Thread(2)
    static int fib(int n) {
        FIB_CALLS.incrementAndGet();
        if (n < 2) {
            return n;
        }
        var fib = Lox.of(RecursionTest::fib);
        fib.scatter(n - 1);
        fib.scatter(n - 2);
        List<Integer> halves = fib.gather();
        return halves.get(0) + halves.get(1);
    }

    /** The same with a progress report, whose gather waits differently. */
    @Lox.Thread(2)
    static int fibWithProgress(int n) {
        if (n < 2) {
            return n;
        }
        var fib = Lox.of(RecursionTest::fibWithProgress);
        fib.scatter(n - 1);
        fib.scatter(n - 2);
        List<Integer> halves = fib.gather(new CountingProgress());
        return halves.get(0) + halves.get(1);
    }

    /** The same with a timed gather. */
    @Lox.Thread(1)
    static int fibTimed(int n) throws Exception {
        if (n < 2) {
            return n;
        }
        var fib = Lox.of(RecursionTest::fibTimed);
        fib.scatter(n - 1);
        fib.scatter(n - 2);
        List<Integer> halves = fib.gather(Duration.ofSeconds(20));
        return halves.get(0) + halves.get(1);
    }

    @Lox.Thread(2)
    static int fibDebug(int n) {
        if (n < 2) {
            return n;
        }
        var fib = Lox.of(RecursionTest::fibDebug);
        fib.scatter(n - 1);
        fib.scatter(n - 2);
        List<Integer> halves = fib.gather();
        return halves.get(0) + halves.get(1);
    }

    /** Two methods on pools of one thread that wait for each other's calls. */
    @Lox.Thread(1)
    static int ping(int n) throws Exception {
        return n == 0 ? 0 : Lox.of(RecursionTest::pong).scatter(n - 1).get() + 1;
    }

    @Lox.Thread(1)
    static int pong(int n) throws Exception {
        return n == 0 ? 0 : Lox.of(RecursionTest::ping).scatter(n - 1).get() + 1;
    }

    private static int fibPlain(int n) {
        return n < 2 ? n : fibPlain(n - 1) + fibPlain(n - 2);
    }

    @Test
    void oneThreadMethodThatScattersToItselfAndGetsEndsWithItsResult() {
        var depth = Lox.of(RecursionTest::depthByGet);
        CompletableFuture<Integer> call = depth.scatter(20);
        assertEquals(20, assertTimeoutPreemptively(BOUND, () -> call.get()));
        // The calls it scattered and did not gather joined the handle's pending calls as each ended.
        assertEquals(21, depth.scattered());
        List<Integer> all = new ArrayList<>(assertTimeoutPreemptively(BOUND, () -> depth.gather()));
        // The left calls come from the pool's thread, in the order they were left; the first call was
        // added by this thread after the pool took it, so it may come before or after them.
        assertTrue(all.remove(Integer.valueOf(20)), all::toString);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19), all);
    }

    @Test
    void oneThreadMethodThatScattersToItselfAndJoinsEndsWithItsResult() {
        assertEquals(15, assertTimeoutPreemptively(BOUND, () -> Lox.of(RecursionTest::depthByJoin).call(15)));
    }

    @Test
    void recursiveFibOnTwoThreadsGathersTheRightResultRunningEachCallOnce() {
        var fib = Lox.of(RecursionTest::fib);
        FIB_CALLS.set(0);
        assertEquals(List.of(fibPlain(16)), assertTimeoutPreemptively(BOUND, () -> {
            fib.scatter(16);
            return fib.gather();
        }));
        // fib(n) makes 2 fib(n+1) - 1 calls: none ran twice, none was skipped
        assertEquals(2 * fibPlain(17) - 1, FIB_CALLS.get());
        assertEquals(0, fib.scattered(), "each call gathered its own calls: none left over");
        assertEquals(0, fib.pending(), "calls a waiting thread ran are not counted as queued");
    }

    @Test
    void recursiveFibStartedByAPlainCallOfTheHandle() {
        assertEquals(fibPlain(14), assertTimeoutPreemptively(BOUND, () -> Lox.of(RecursionTest::fib).call(14)));
    }

    @Test
    void recursiveFibGatheringWithProgressEnds() {
        assertEquals(fibPlain(12), assertTimeoutPreemptively(BOUND, () -> Lox.of(RecursionTest::fibWithProgress).call(12)));
    }

    @Test
    void recursiveFibGatheringWithATimeoutEndsOnOneThread() {
        assertEquals(fibPlain(12), assertTimeoutPreemptively(BOUND, () -> Lox.of(RecursionTest::fibTimed).call(12)));
    }

    @Test
    void recursiveFibInDebugModeRunsInline() {
        System.setProperty("lox.debug", "true");
        try {
            var fib = Lox.of(RecursionTest::fibDebug);
            assertEquals(List.of(fibPlain(12)), assertTimeoutPreemptively(BOUND, () -> {
                fib.scatter(12);
                return fib.gather();
            }));
        } finally {
            System.clearProperty("lox.debug");
        }
    }

    @Test
    void twoMethodsOnOneThreadEachThatWaitForEachOthersCallsEnd() {
        assertEquals(12, assertTimeoutPreemptively(BOUND, () -> Lox.of(RecursionTest::ping).call(12)));
    }

    // A recursive gather region, driven as the agent's advice drives it.

    static final List<Integer> VISITED = new CopyOnWriteArrayList<>();
    static int visitId;

    static void visit(int depth) {
        // What the agent's advice does on entry to a parallel method: scatter if in a region.
        if (PlainCalls.scatterIfInRegion(visitId, new Object[] {depth}) != null) {
            return;
        }
        VISITED.add(depth);
        if (depth > 0) {
            Lox.gather(() -> visit(depth - 1)); // a region that calls the method again
        }
    }

    @Test
    void recursiveGatherRegionOnOneThreadEnds() throws Exception {
        var method = RecursionTest.class.getDeclaredMethod("visit", int.class);
        visitId = ParallelMethods.declare(new MethodRef(RecursionTest.class.getName(), "visit", Descriptors.of(method), true),
                PoolSpec.threads(1), "test", RecursionTest.class.getClassLoader());
        VISITED.clear();
        String caller = Thread.currentThread().getName();
        assertTimeoutPreemptively(BOUND, () -> Lox.gather(() -> visit(8)));
        assertEquals(List.of(8, 7, 6, 5, 4, 3, 2, 1, 0), VISITED);
        assertFalse(caller.startsWith("lox-"), "the outer region's call ran on the pool");
    }

    // Waits that can never end fail fast.

    @Test
    void callWaitingForItsOwnFutureFailsNamingTheMethod() {
        CompletableFuture<CompletableFuture<Integer>> self = new CompletableFuture<>();
        var task = Lox.thread(1).of((Integer x) -> self.get(20, TimeUnit.SECONDS).get() + x);
        self.complete(task.scatter(1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> assertTimeoutPreemptively(BOUND, () -> task.gather()));
        assertTrue(e.getMessage().contains("that it is running itself") && e.getMessage().contains("lambda$"),
                e.getMessage());
    }

    @Test
    void twoCallsWaitingForEachOtherFailInsteadOfHanging() {
        CountDownLatch bothRunning = new CountDownLatch(2);
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        CompletableFuture<Void> scattered = new CompletableFuture<>();
        var task = Lox.thread(2).of((Integer other) -> {
            bothRunning.countDown();
            assertTrue(bothRunning.await(20, TimeUnit.SECONDS), "the two calls run on two threads");
            scattered.get(20, TimeUnit.SECONDS);
            return futures.get(other).get();
        });
        futures.add(task.scatter(1));
        futures.add(task.scatter(0));
        scattered.complete(null);
        RuntimeException e = assertThrows(RuntimeException.class, () -> assertTimeoutPreemptively(BOUND, () -> task.gather()));
        assertTrue(chainMentions(e, "a cycle of waits that can never end"), () -> trace(e));
    }

    static void waitFor(CompletableFuture<CompletableFuture<?>> holder) throws Exception {
        holder.get(20, TimeUnit.SECONDS).get();
    }

    /**
     * A call whose region's end waits for a call that waits for the first call: the cycle goes
     * through a region's gather, and the region throws instead of hanging.
     */
    @Test
    void cycleThroughARegionsEndFailsInsteadOfHanging() throws Exception {
        var method = RecursionTest.class.getDeclaredMethod("waitFor", CompletableFuture.class);
        int waitForId = ParallelMethods.declare(new MethodRef(RecursionTest.class.getName(), "waitFor",
                Descriptors.of(method), true), PoolSpec.threads(1), "test", RecursionTest.class.getClassLoader());
        CompletableFuture<CompletableFuture<?>> holder = new CompletableFuture<>();
        var outer = Lox.thread(1).of((Integer x) -> {
            Lox.gather(() -> PlainCalls.scatterIfInRegion(waitForId, new Object[] {holder}));
            return x;
        });
        holder.complete(outer.scatter(1));
        RuntimeException e = assertThrows(RuntimeException.class, () -> assertTimeoutPreemptively(BOUND, () -> outer.gather()));
        assertTrue(chainMentions(e, "a cycle of waits that can never end"), () -> trace(e));
    }

    // Cancellation, and a call running elsewhere.

    static final AtomicBoolean CANCELLED_RAN = new AtomicBoolean();

    /** Scatters a call to its own pool, cancels it, and waits for it. */
    @Lox.Thread(1)
    static String cancelOwnCall(boolean outer) throws Exception {
        if (!outer) {
            CANCELLED_RAN.set(true);
            return "ran";
        }
        CompletableFuture<String> call = Lox.of(RecursionTest::cancelOwnCall).scatter(false);
        call.cancel(false);
        try {
            return call.get();
        } catch (CancellationException expected) {
            return "cancelled";
        }
    }

    @Test
    void cancelledQueuedCallIsNotRunByItsWaiter() {
        CANCELLED_RAN.set(false);
        var handle = Lox.of(RecursionTest::cancelOwnCall);
        // On the pool's one thread, so the call it scatters stays queued until it is cancelled.
        CompletableFuture<String> outer = handle.scatter(true);
        assertEquals("cancelled", assertTimeoutPreemptively(BOUND, () -> outer.get()));
        assertThrows(CancellationException.class, () -> assertTimeoutPreemptively(BOUND, () -> handle.gather()),
                "the cancelled call, left on the handle by the call that scattered it, is reported by the gather");
        assertFalse(CANCELLED_RAN.get(), "a call cancelled before it started never runs");
    }

    @Test
    void callRunningOnAnotherThreadIsWaitedForNotRunAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        var slow = Lox.thread(2).of((Integer x) -> {
            runs.incrementAndGet();
            started.countDown();
            assertTrue(release.await(20, TimeUnit.SECONDS));
            return x;
        });
        CompletableFuture<Integer> running = slow.scatter(7);
        assertTrue(started.await(20, TimeUnit.SECONDS));
        // A waiter on the same pool's other thread: the call is claimed, so it parks until it is done.
        var waiter = Lox.thread(1).of((Integer x) -> {
            release.countDown();
            return running.get() + x;
        });
        waiter.scatter(1);
        assertEquals(List.of(8), assertTimeoutPreemptively(BOUND, () -> waiter.gather()));
        assertEquals(List.of(7), slow.gather());
        assertEquals(1, runs.get(), "the call ran once");
    }

    private static boolean chainMentions(Throwable e, String text) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (chainMentions(s, text)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A dependent action of a call's future runs on the pool thread as the call completes, after the
     * call's own scope has closed: what it scatters is nobody's call, so it goes to the handle's
     * shared calls and another thread's gather takes it, and the thread keeps nothing for its next call.
     */
    @Test
    void callsScatteredByADependentActionOnAPoolThreadGoToEveryonesGather() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        var blocked = Lox.thread(1).of((Integer x) -> {
            assertTrue(release.await(30, TimeUnit.SECONDS), "the test never released the call");
            return x;
        });
        var tens = Lox.thread(1).of((Integer x) -> x * 10);
        CompletableFuture<Integer> call = blocked.scatter(1);
        CompletableFuture<String> ranOn = new CompletableFuture<>();
        call.thenRun(() -> {
            tens.scatter(4);
            ranOn.complete(Thread.currentThread().getName());
        });
        release.countDown(); // the call completes on its pool's thread, which runs the action
        assertTrue(ranOn.get(30, TimeUnit.SECONDS).startsWith("lox-"), "the action ran on " + ranOn.join());
        assertEquals(List.of(40), tens.gather(BOUND));
        assertEquals(List.of(1), blocked.gather(BOUND));
        blocked.scatter(2); // the same pool thread, its next call
        assertEquals(List.of(2), blocked.gather(BOUND));
        assertEquals(List.of(), tens.gather(BOUND));
    }

    private static String trace(Throwable e) {
        var out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    static final class CountingProgress implements Progress {
        long total;
        long advanced;

        @Override
        public void start(long total) {
            this.total = total;
        }

        @Override
        public void advance(long n) {
            advanced += n;
        }

        @Override
        public void finish() {
            if (advanced != total) {
                throw new AssertionError("advanced " + advanced + " of " + total);
            }
        }
    }
}
