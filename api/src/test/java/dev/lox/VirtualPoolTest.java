package dev.lox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Virtual pools ({@code @Lox.Virtual}, {@code Lox.virtual()}): a virtual thread per call, the bound
 * as a semaphore, pending counts, recursion on a bounded pool, failures, debug mode. The tests that
 * need virtual threads skip on Java 17 to 20 (saying why) and run on 21 and later; the fallback's
 * own tests run on 17 to 20 only.
 */
@Timeout(60)
class VirtualPoolTest {
    private static final long WAIT_SECONDS = 20;
    private static final boolean HAS_VIRTUAL_THREADS = Runtime.version().feature() >= 21;

    @Lox.Virtual static boolean unbounded(int x) { return isVirtual(java.lang.Thread.currentThread()); }
    @Lox.Virtual(3) static boolean boundedByThree(int x) { return isVirtual(java.lang.Thread.currentThread()); }
    @Lox.Virtual(-2) static int negativeBound(int x) { return x; }

    private static void assumeVirtualThreads() {
        if (!HAS_VIRTUAL_THREADS) {
            System.out.println("VirtualPoolTest: skipped on Java " + Runtime.version().feature()
                    + ": virtual threads need Java 21 (CI runs the suite again on Java 25)");
        }
        assumeTrue(HAS_VIRTUAL_THREADS, "virtual threads need Java 21 or later");
    }

    static boolean isVirtual(java.lang.Thread thread) {
        try {
            Method isVirtual = java.lang.Thread.class.getMethod("isVirtual");
            return (Boolean) isVirtual.invoke(thread);
        } catch (NoSuchMethodException e) {
            return false; // before Java 19 no thread is virtual
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Each call scatters three children on its own handle and gathers them: 3^depth leaves. */
    static final class UnboundedTree {
        private final Handle1<Integer, Integer> self = Lox.virtual().of(this::fanOut);

        int fanOut(int depth) {
            if (depth == 0) {
                return 1;
            }
            for (int i = 0; i < 3; i++) {
                self.scatter(depth - 1);
            }
            int sum = 0;
            for (int leaves : self.gather()) {
                sum += leaves;
            }
            return sum;
        }
    }

    /** @Lox.Virtual and @Lox.Virtual(n): each call on a virtual thread, results in scatter order. */
    @Test
    void annotatedCallsRunOnVirtualThreads() {
        assumeVirtualThreads();
        var free = Lox.of(VirtualPoolTest::unbounded);
        var bounded = Lox.of(VirtualPoolTest::boundedByThree);
        for (int i = 0; i < 20; i++) {
            free.scatter(i);
            bounded.scatter(i);
        }
        assertEquals(Collections.nCopies(20, true), free.gather());
        assertEquals(Collections.nCopies(20, true), bounded.gather());
    }

    /** Lox.virtual().of(fn): a new virtual thread for each call, never one reused. */
    @Test
    void everyCallGetsItsOwnThread() {
        assumeVirtualThreads();
        var task = Lox.virtual().of((Integer i) -> java.lang.Thread.currentThread());
        for (int i = 0; i < 50; i++) {
            task.scatter(i);
        }
        List<java.lang.Thread> threads = task.gather();
        assertEquals(50, threads.stream().distinct().count(), "each call ran on a thread of its own");
        assertTrue(threads.stream().allMatch(VirtualPoolTest::isVirtual));
        assertTrue(threads.get(0).getName().startsWith("lox-"), threads.get(0).getName());
    }

    /** Without a bound, every call is in flight at once: 200 calls that each wait for all the others all finish. */
    @Test
    void unboundedRunsEveryCallAtOnce() {
        assumeVirtualThreads();
        int calls = 200;
        CountDownLatch allStarted = new CountDownLatch(calls);
        var task = Lox.virtual().of((Integer i) -> {
            allStarted.countDown();
            return allStarted.await(WAIT_SECONDS, TimeUnit.SECONDS);
        });
        for (int i = 0; i < calls; i++) {
            task.scatter(i);
        }
        assertEquals(0, task.pending(), "no call waits for anything but its thread");
        assertEquals(Collections.nCopies(calls, true), task.gather(), "every call saw all the others started");
    }

    /**
     * Lox.virtual(3): at most 3 calls in flight; the others wait for a permit, and pending() counts
     * them. Holds for the Java 17 fallback too (a pool of 3 threads).
     */
    @Test
    void boundLimitsCallsInFlightAndPendingCountsTheWaiting() throws InterruptedException {
        int calls = 10;
        CountDownLatch threeRunning = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger highWater = new AtomicInteger();
        var task = Lox.virtual(3).of((Integer i) -> {
            highWater.accumulateAndGet(running.incrementAndGet(), Math::max);
            threeRunning.countDown();
            try {
                assertTrue(release.await(WAIT_SECONDS, TimeUnit.SECONDS));
                return i;
            } finally {
                running.decrementAndGet();
            }
        });
        for (int i = 0; i < calls; i++) {
            task.scatter(i);
        }
        assertTrue(threeRunning.await(WAIT_SECONDS, TimeUnit.SECONDS), "three calls start");
        assertEquals(calls - 3, task.pending(), "the calls waiting for a permit are pending");
        assertEquals(3, highWater.get());
        release.countDown();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            expected.add(i);
        }
        assertEquals(expected, task.gather());
        assertEquals(3, highWater.get(), "never more than the bound in flight");
        assertEquals(0, task.pending());
    }

    /**
     * A tree of calls on one bounded pool: each node gathers its children. Each node is a receiver of
     * its own, so each gathers through a handle of its own (a method's handles share its pool, not
     * their pending calls).
     */
    static final class Tree {
        @Lox.Virtual(2)
        int fanOut(int depth) {
            if (depth == 0) {
                return 1;
            }
            var children = Lox.of(new Tree()::fanOut);
            for (int i = 0; i < 3; i++) {
                children.scatter(depth - 1);
            }
            return children.gather().stream().mapToInt(Integer::intValue).sum();
        }

        @Lox.Virtual(2)
        int fanOutWithProgress(int depth) {
            if (depth == 0) {
                return 1;
            }
            var children = Lox.of(new Tree()::fanOutWithProgress);
            for (int i = 0; i < 3; i++) {
                children.scatter(depth - 1);
            }
            return children.gather(new CountingProgress()).stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * A bounded pool whose calls gather calls of the same pool: 2 permits, each call waiting for 3
     * more. Without the permit loan the first two calls hold both permits while their children wait
     * for one, forever; with it, all 40 calls run and the tree sums to 27 leaves.
     */
    @Test
    void recursionOnABoundedPoolDoesNotHang() {
        assumeVirtualThreads();
        var root = Lox.of(new Tree()::fanOut);
        root.scatter(3);
        root.scatter(2);
        assertEquals(List.of(27, 9), root.gather());
    }

    /** A virtual call that scatters on an unbounded pool keeps its calls apart from its siblings', as a bounded one does. */
    @Test
    void unboundedRecursionGathersEachCallsOwnCalls() {
        assumeVirtualThreads();
        var root = new UnboundedTree().self; // the one handle every call scatters its children on too
        root.scatter(3);
        root.scatter(2);
        root.scatter(1);
        assertEquals(List.of(27, 9, 3), root.gather());
    }

    /** The calls a virtual call scatters and does not gather are the handle's when it ends: the caller gathers them. */
    @Test
    void callsAVirtualCallLeavesAreGatheredAfterIt() {
        assumeVirtualThreads();
        var leaves = Lox.virtual().of((Integer x) -> x * 10);
        var starter = Lox.virtual().of((Integer n) -> {
            for (int i = 1; i <= n; i++) {
                leaves.scatter(i);
            }
            return n;
        });
        starter.scatter(3);
        assertEquals(List.of(3), starter.gather());
        assertEquals(List.of(10, 20, 30), leaves.gather());
    }

    /** The same through gather(Progress), which waits on completions rather than on each call. */
    @Test
    void recursionWithProgressDoesNotHang() {
        assumeVirtualThreads();
        var root = Lox.of(new Tree()::fanOutWithProgress);
        root.scatter(3);
        assertEquals(List.of(27), root.gather());
    }

    /**
     * A call lends its permit while it gathers, and takes one back before it goes on: 6 calls of a
     * pool of 2 all reach their gather at once (their children wait until all 6 do), and after it at
     * most 2 run at a time.
     */
    @Test
    void aCallLendsItsPermitWhileItGathersAndTakesOneBack() throws InterruptedException {
        assumeVirtualThreads();
        int parents = 6;
        CountDownLatch allGathering = new CountDownLatch(parents);
        var child = Lox.virtual().of((Integer i) -> allGathering.await(WAIT_SECONDS, TimeUnit.SECONDS));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger highWater = new AtomicInteger();
        var parent = Lox.virtual(2).of((Integer i) -> {
            child.scatter(i);
            allGathering.countDown();
            boolean sawAll = child.gather().get(0);
            int now = running.incrementAndGet();
            highWater.accumulateAndGet(now, Math::max);
            // A window for a third call to show up, were the bound not kept after a loan.
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            while (System.nanoTime() < end && running.get() <= 2) {
                java.lang.Thread.onSpinWait();
            }
            highWater.accumulateAndGet(running.get(), Math::max);
            running.decrementAndGet();
            return sawAll;
        });
        for (int i = 0; i < parents; i++) {
            parent.scatter(i);
        }
        assertEquals(Collections.nCopies(parents, true), parent.gather(), "all 6 calls were gathering at once");
        assertEquals(2, highWater.get(), "after their gathers, at most 2 ran at a time");
    }

    /** A method whose calls wait for calls of the same method, on a pool of 1, with join() or get(). */
    static final class Chain {
        @Lox.Virtual(1)
        int viaJoin(int depth) {
            return depth == 0 ? 1 : 1 + Lox.of(new Chain()::viaJoin).scatter(depth - 1).join();
        }

        @Lox.Virtual(1)
        int viaGet(int depth) throws Exception {
            return depth == 0 ? 1 : 1 + Lox.of(new Chain()::viaGet).scatter(depth - 1).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * A call that join()s or get()s a future it scattered on its own bounded pool, instead of
     * gathering it, lends its permit too: on a pool of 1, a chain of 5 calls each waiting for the next.
     */
    @Test
    void aDirectJoinOrGetOnTheSamePoolDoesNotHang() {
        assumeVirtualThreads();
        var join = Lox.of(new Chain()::viaJoin);
        var get = Lox.of(new Chain()::viaGet);
        join.scatter(4);
        get.scatter(4);
        assertEquals(List.of(5), join.gather());
        assertEquals(List.of(5), get.gather());
    }

    /** Failures as on thread pools: the first in scatter order, checked ones wrapped, the rest suppressed. */
    @Test
    void failuresAreGatheredInScatterOrder() {
        var task = Lox.virtual(4).of((Integer i) -> {
            if (i == 1) {
                throw new IOException("one");
            }
            if (i == 2) {
                throw new IllegalStateException("two");
            }
            return i;
        });
        for (int i = 0; i < 4; i++) {
            task.scatter(i);
        }
        ScatterException thrown = assertThrows(ScatterException.class, task::gather);
        assertInstanceOf(IOException.class, thrown.getCause());
        assertEquals(1, thrown.getSuppressed().length);
        assertEquals("two", thrown.getSuppressed()[0].getMessage());
        assertEquals(0, task.scattered(), "the failed gather took every call");
    }

    /** -Dlox.debug=true runs a virtual pool's calls inline, as every pool's. */
    @Test
    void debugModeRunsInline() {
        java.lang.Thread caller = java.lang.Thread.currentThread();
        System.setProperty("lox.debug", "true");
        try {
            var task = Lox.virtual().of((String s) -> java.lang.Thread.currentThread());
            assertTrue(task.scatter("a").isDone());
            assertSame(caller, task.gather().get(0));
        } finally {
            System.clearProperty("lox.debug");
        }
    }

    /** virtual(0) runs inline, as thread(0) does; a negative bound is refused with the fix. */
    @Test
    void zeroRunsInlineAndNegativeIsRefused() {
        var inline = Lox.virtual(0).of((String s) -> java.lang.Thread.currentThread());
        inline.scatter("a");
        assertSame(java.lang.Thread.currentThread(), inline.gather().get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lox.virtual(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        IllegalArgumentException annotated = assertThrows(IllegalArgumentException.class,
                () -> Lox.of(VirtualPoolTest::negativeBound));
        assertTrue(annotated.getMessage().startsWith("@Lox.Virtual(-2) on "), annotated.getMessage());
        assertTrue(annotated.getMessage().contains("leave out the value for no bound"), annotated.getMessage());
    }

    /** On Java 17 to 20 a pool of platform threads of the bound stands in, named as thread pools are. */
    @Test
    void beforeJava21APoolOfThreadsStandsIn() {
        assumeTrue(!HAS_VIRTUAL_THREADS, "only before Java 21");
        var task = Lox.virtual(2).of((Integer i) -> java.lang.Thread.currentThread());
        for (int i = 0; i < 8; i++) {
            task.scatter(i);
        }
        List<java.lang.Thread> threads = task.gather();
        assertTrue(threads.stream().distinct().count() <= 2, "the fallback is a pool of the bound: " + threads);
        assertFalse(threads.contains(java.lang.Thread.currentThread()));
        assertTrue(threads.get(0).getName().startsWith("lox-"), threads.get(0).getName());
    }

    /** The pool's string names the kind as a config rule does. */
    @Test
    void poolsNameThemselves() {
        assertEquals("Lox.virtual", Lox.virtual().toString());
        assertEquals("Lox.virtual(8)", Lox.virtual(8).toString());
    }

    /** A progress that draws nothing: what matters is that gather(Progress) waits on completions. */
    private static final class CountingProgress implements Progress {
        @Override
        public void start(long total) {
        }

        @Override
        public void advance(long n) {
        }

        @Override
        public void finish() {
        }
    }
}
