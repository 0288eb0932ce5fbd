package dev.lox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Handles: arities, void methods, timeouts, pending counts, debug mode and argument errors. */
@Timeout(30)
class HandleTest {

    @Lox.Thread(2) static int zero() { return 0; }
    @Lox.Thread(2) static int one(int a) { return a; }
    @Lox.Thread(2) static int two(int a, int b) { return a + b; }
    @Lox.Thread(2) static int three(int a, int b, int c) { return a + b + c; }
    @Lox.Thread(2) static int four(int a, int b, int c, int d) { return a + b + c + d; }
    @Lox.Thread(2) static int five(int a, int b, int c, int d, int e) { return a + b + c + d + e; }
    @Lox.Thread(2) static int six(int a, int b, int c, int d, int e, int f) throws IOException { return a + b + c + d + e + f; }
    @Lox.Thread(2) static void voidZero() { }
    @Lox.Thread(2) static void voidSix(int a, int b, int c, int d, int e, int f) throws IOException { }

    @Lox.Thread(-1) static int negativeThreads(int a) { return a; }

    static int unmarked(int a) {
        return a;
    }

    /** Exact method references of arity 0 to 6, value and void, with checked exceptions, compile without casts. */
    @Test
    void everyArity() {
        var h0 = Lox.of(HandleTest::zero);
        var h1 = Lox.of(HandleTest::one);
        var h2 = Lox.of(HandleTest::two);
        var h3 = Lox.of(HandleTest::three);
        var h4 = Lox.of(HandleTest::four);
        var h5 = Lox.of(HandleTest::five);
        var h6 = Lox.of(HandleTest::six);
        h0.scatter();
        h1.scatter(1);
        h2.scatter(1, 2);
        h3.scatter(1, 2, 3);
        h4.scatter(1, 2, 3, 4);
        h5.scatter(1, 2, 3, 4, 5);
        h6.scatter(1, 2, 3, 4, 5, 6);
        assertEquals(List.of(0, 1, 3, 6, 10, 15, 21),
                List.of(h0.gather().get(0), h1.gather().get(0), h2.gather().get(0), h3.gather().get(0),
                        h4.gather().get(0), h5.gather().get(0), h6.gather().get(0)));

        Handle0<Void> v0 = Lox.of(HandleTest::voidZero);
        Handle6<Integer, Integer, Integer, Integer, Integer, Integer, Void> v6 = Lox.of(HandleTest::voidSix);
        v0.scatter();
        v6.scatter(1, 2, 3, 4, 5, 6);
        v6.scatter(1, 2, 3, 4, 5, 6);
        assertEquals(Arrays.asList((Void) null), v0.gather());
        assertEquals(Arrays.asList(null, null), v6.gather(), "a void method's gather returns nulls");
    }

    /** A method that no annotation or rule marks is refused, with the fix in the message. */
    @Test
    void unmarkedMethodIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lox.of(HandleTest::unmarked));
        assertTrue(e.getMessage().contains("HandleTest.unmarked") && e.getMessage().contains("@Lox.Thread")
                && e.getMessage().contains("Lox.thread(8)"), e.getMessage());
    }

    /** A lambda has no annotation, so Lox.of asks for an explicit pool. */
    @Test
    void lambdaNeedsExplicitPool() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lox.of((Integer x) -> x + 1));
        assertTrue(e.getMessage().contains("Lox.thread(8).of"), e.getMessage());
    }

    /** A negative pool size names the value. */
    @Test
    void negativePoolSizeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lox.thread(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    /**
     * A negative size in an annotation is refused naming the method and the annotation, not only the
     * value (regression: the message did not say where the -1 came from).
     */
    @Test
    void negativeAnnotationSizeNamesTheMethod() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lox.of(HandleTest::negativeThreads));
        assertTrue(e.getMessage().contains("@Lox.Thread(-1)") && e.getMessage().contains("negativeThreads"), e.getMessage());
    }

    /** gather(Duration) gives up with TimeoutException and leaves the calls pending for a later gather. */
    @Test
    void gatherTimeoutLeavesCallsPending() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        var task = Lox.thread(2).of((Integer x) -> {
            assertTrue(release.await(20, TimeUnit.SECONDS));
            return x * 10;
        });
        task.scatter(1);
        task.scatter(2);
        assertThrows(TimeoutException.class, () -> task.gather(Duration.ofMillis(20)));
        assertEquals(2, task.scattered(), "a timed-out gather keeps its calls");
        task.scatter(3);
        release.countDown();
        assertEquals(List.of(10, 20, 30), task.gather(Duration.ofSeconds(20)));
        assertEquals(0, task.scattered());
    }

    /** pending() counts the calls waiting for a thread, like lox's len(fn). */
    @Test
    void pendingCountsQueuedCalls() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        var task = Lox.thread(1).of((Integer x) -> {
            started.countDown();
            assertTrue(release.await(20, TimeUnit.SECONDS));
            return x;
        });
        task.scatter(0);
        try {
            assertTrue(started.await(20, TimeUnit.SECONDS));
            task.scatter(1);
            task.scatter(2);
            task.scatter(3);
            assertEquals(3, task.pending());
            assertEquals(4, task.scattered());
        } finally {
            release.countDown();
        }
        assertEquals(List.of(0, 1, 2, 3), task.gather());
        assertEquals(0, task.pending());
    }

    /** An interrupted gather throws CancellationException, keeps the interrupt, and loses no call. */
    @Test
    void interruptedGatherKeepsCalls() {
        CountDownLatch release = new CountDownLatch(1);
        var task = Lox.thread(1).of((Integer x) -> {
            assertTrue(release.await(20, TimeUnit.SECONDS));
            return x;
        });
        task.scatter(7);
        Thread.currentThread().interrupt();
        assertThrows(CancellationException.class, task::gather);
        assertTrue(Thread.interrupted(), "the interrupt status is kept (and cleared here)");
        release.countDown();
        assertEquals(List.of(7), task.gather());
    }

    /**
     * A Progress that throws ends the gather with its exception and loses no call: the calls stay
     * pending for the next gather (regression: they were dropped, results and failures alike).
     */
    @Test
    void throwingProgressLosesNoCall() {
        var task = Lox.thread(2).of((Integer x) -> x * 10);
        task.scatter(1);
        task.scatter(2);
        IllegalStateException broken = new IllegalStateException("progress display gone");
        Progress throwing = new Progress() {
            @Override
            public void start(long total) {
            }

            @Override
            public void advance(long n) {
                throw broken;
            }

            @Override
            public void finish() {
            }
        };
        assertSame(broken, assertThrows(IllegalStateException.class, () -> task.gather(throwing)));
        assertEquals(2, task.scattered(), "the calls stay pending");
        assertEquals(List.of(10, 20), task.gather());
    }

    /**
     * A caller that cancels a scattered call while gather waits for it: gather wakes and throws the
     * CancellationException, while the call itself still runs on (cancel does not interrupt it).
     */
    @Test
    void cancelDuringGatherEndsTheGather() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        var task = Lox.thread(1).of((CountDownLatch latch) -> {
            boolean released = latch.await(20, TimeUnit.SECONDS);
            finished.set(true);
            return released;
        });
        var future = task.scatter(release);
        Thread gatherer = Thread.currentThread();
        Thread canceller = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // cancel once the gatherer is parked in gather (bounded: cancel anyway after 10 s)
            while (gatherer.getState() != Thread.State.TIMED_WAITING && gatherer.getState() != Thread.State.WAITING
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            future.cancel(false);
        });
        canceller.start();
        try {
            assertThrows(CancellationException.class, task::gather);
            assertFalse(finished.get(), "gather ended on the cancel, not when the call itself finished");
        } finally {
            release.countDown();
            canceller.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertEquals(0, task.scattered(), "the gather took the cancelled call");
    }

    /** -Dlox.debug=true makes new pools run calls inline in the caller. */
    @Test
    void debugModeRunsInline() {
        String caller = Thread.currentThread().getName();
        System.setProperty("lox.debug", "true");
        try {
            var task = Lox.thread(4).of((String s) -> s + "@" + Thread.currentThread().getName());
            assertTrue(task.scatter("a").isDone());
            assertEquals(List.of("a@" + caller), task.gather());
        } finally {
            System.clearProperty("lox.debug");
        }
        var threaded = Lox.thread(4).of((String s) -> Thread.currentThread().getName());
        threaded.scatter("b");
        assertNotEquals(caller, threaded.gather().get(0));
    }

    static final class Owner {
        final Handle1<Integer, Integer> twice = Lox.of(this::twice);

        @Lox.Thread(2)
        int twice(int x) {
            return 2 * x;
        }
    }

    private static WeakReference<Owner> ownerThatUsedItsOwnHandle() {
        Owner owner = new Owner();
        owner.twice.scatter(21);
        assertEquals(List.of(42), owner.twice.gather());
        return new WeakReference<>(owner);
    }

    /**
     * A receiver that keeps its own handle in a field can be collected once the program drops it
     * (regression: the handle registry held the receiver, through the handle's key, forever).
     */
    @Test
    void receiverKeepingItsOwnHandleIsCollected() {
        WeakReference<Owner> owner = ownerThatUsedItsOwnHandle();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (owner.get() != null && System.nanoTime() < deadline) {
            System.gc();
        }
        assertNull(owner.get(), "the receiver is still reachable 20 s and many GCs after the program dropped it");
    }

    /** Scatter returns the call's own future, completing with its result. */
    @Test
    void scatterReturnsFuture() throws Exception {
        var task = Lox.of(HandleTest::two);
        assertEquals(7, task.scatter(3, 4).get(20, TimeUnit.SECONDS));
        assertEquals(List.of(7), task.gather());
        assertFalse(task.scattered() > 0);
    }
}
