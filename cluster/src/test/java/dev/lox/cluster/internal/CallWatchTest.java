package dev.lox.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A member's watch on a call: past its timeout the call's thread is interrupted and told once; never after the call ended. */
class CallWatchTest {
    private static final long BOUND_SECONDS = 30;

    @Test
    void aCallPastItsTimeoutIsInterruptedAndTheDriverTold() throws Exception {
        AtomicLong told = new AtomicLong(-1);
        CountDownLatch toldOnce = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        try (CallWatch watch = CallWatch.start(TimeUnit.MILLISECONDS.toNanos(50), elapsed -> {
            told.set(elapsed);
            toldOnce.countDown();
        })) {
            // the call: waits for what never comes, as a call that outlives its timeout does
            assertThrows(InterruptedException.class, () -> never.await(BOUND_SECONDS, TimeUnit.SECONDS));
            assertTrue(watch.expiredAfterNanos() >= TimeUnit.MILLISECONDS.toNanos(50), "it ran its timeout at least");
            // told just after the interrupt, on the looking thread
            assertTrue(toldOnce.await(BOUND_SECONDS, TimeUnit.SECONDS), "the timeout was told");
            assertEquals(watch.expiredAfterNanos(), told.get(), "told how long the call had run");
        }
    }

    @Test
    void anInterruptTheCallIgnoredDoesNotOutliveIt() throws Exception {
        CountDownLatch expired = new CountDownLatch(1);
        try (CallWatch watch = CallWatch.start(TimeUnit.MILLISECONDS.toNanos(10), elapsed -> expired.countDown())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
            while (expired.getCount() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // the call: deaf to interrupts, it runs on past its timeout
            }
            assertEquals(0, expired.getCount(), "the timeout was told");
            assertTrue(Thread.currentThread().isInterrupted(), "the call's thread was interrupted");
        }
        assertFalse(Thread.interrupted(), "the thread's next call starts with no interrupt of this one's");
    }

    @Test
    void aCallThatEndsInTimeIsNeitherInterruptedNorReported() {
        AtomicLong told = new AtomicLong(-1);
        CallWatch watch = CallWatch.start(TimeUnit.SECONDS.toNanos(BOUND_SECONDS), told::set);
        watch.close();
        assertEquals(-1, watch.expiredAfterNanos());
        assertFalse(Thread.currentThread().isInterrupted());
        assertEquals(-1, told.get());
    }

    @Test
    void anInterruptOfTheCallersOwnIsLeftAlone() {
        try (CallWatch watch = CallWatch.start(0, elapsed -> { })) {
            Thread.currentThread().interrupt(); // not the watch's: no limit was set
        }
        assertTrue(Thread.interrupted(), "an interrupt the watch did not make is not cleared by it");
    }
}
