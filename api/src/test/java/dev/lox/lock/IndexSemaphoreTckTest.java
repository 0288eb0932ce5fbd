package dev.lox.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Properties of {@link IndexSemaphore}, one per test, in the manner of the JSR-166 TCK. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IndexSemaphoreTckTest {

    /** A fresh semaphore hands out 0..n-1 in order, and released indices come back first-in, first-out. */
    @Test
    void indicesInFifoOrder() throws Exception {
        IndexSemaphore sem = new IndexSemaphore(3);
        List<IndexSemaphore.Permit> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(sem.acquire());
            assertEquals(i, held.get(i).index());
        }
        held.get(2).close();
        held.get(0).close();
        assertEquals(2, sem.acquire().index());
        assertEquals(0, sem.acquire().index());
    }

    /** tryAcquire returns null when no index frees up within the timeout, and takes nothing. */
    @Test
    void tryAcquireTimesOutWithNull() throws Exception {
        IndexSemaphore sem = new IndexSemaphore(1);
        IndexSemaphore.Permit p = sem.acquire();
        assertNull(sem.tryAcquire(Duration.ofMillis(20)));
        assertNull(sem.tryAcquire(Duration.ZERO));
        assertNull(sem.tryAcquire(Duration.ofMillis(-5)));
        assertEquals(0, sem.available());
        p.close();
        assertEquals(1, sem.available());
    }

    /** A thread waiting in acquire gets the index another thread releases. */
    @Test
    void waiterGetsReleasedIndex() throws Exception {
        IndexSemaphore sem = new IndexSemaphore(2);
        IndexSemaphore.Permit a = sem.acquire();
        IndexSemaphore.Permit b = sem.acquire();
        TestThreads.Started<Integer> waiter = TestThreads.start("waiter", () -> {
            try (IndexSemaphore.Permit p = sem.acquire()) {
                return p.index();
            }
        }).awaitBlocked();
        b.close();
        assertEquals(1, waiter.join());
        a.close();
        assertEquals(2, sem.available());
    }

    /** An interrupt while waiting in acquire throws InterruptedException and takes no index. */
    @Test
    void acquireInterruptedWhileWaiting() throws Exception {
        IndexSemaphore sem = new IndexSemaphore(1);
        IndexSemaphore.Permit p = sem.acquire();
        TestThreads.Started<IndexSemaphore.Permit> waiter = TestThreads.start("waiter", sem::acquire).awaitBlocked();
        waiter.thread.interrupt();
        assertInstanceOf(InterruptedException.class, waiter.failure());
        p.close();
        assertEquals(1, sem.available());
    }

    /** A timed acquire interrupted while waiting throws InterruptedException and takes no index. */
    @Test
    void tryAcquireInterruptedWhileWaiting() throws Exception {
        IndexSemaphore sem = new IndexSemaphore(1);
        IndexSemaphore.Permit p = sem.acquire();
        TestThreads.Started<IndexSemaphore.Permit> waiter = TestThreads.start("waiter",
                () -> sem.tryAcquire(Duration.ofSeconds(TestThreads.BOUND_SECONDS))).awaitBlocked();
        waiter.thread.interrupt();
        assertInstanceOf(InterruptedException.class, waiter.failure());
        p.close();
        assertEquals(1, sem.available());
    }

    /** With the interrupt status already set, acquire throws at once even though an index is free. */
    @Test
    void acquireWithInterruptStatusSet() {
        IndexSemaphore sem = new IndexSemaphore(1);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, sem::acquire);
        assertEquals(1, sem.available());
    }

    /** Releasing a permit twice throws IllegalStateException and never frees more than n indices. */
    @Test
    void releaseTwiceThrows() throws Exception {
        IndexSemaphore sem = new IndexSemaphore(2);
        IndexSemaphore.Permit p = sem.acquire();
        p.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, p::close);
        assertTrue(e.getMessage().contains("index 0 released twice"), e.getMessage());
        assertEquals(2, sem.available());
    }

    /** A permit may be closed by a thread other than the one that acquired it. */
    @Test
    void releaseFromAnotherThread() throws Exception {
        IndexSemaphore sem = new IndexSemaphore(1);
        IndexSemaphore.Permit p = sem.acquire();
        TestThreads.start("releaser", () -> {
            p.close();
            return null;
        }).join();
        assertNotNull(sem.tryAcquire(Duration.ZERO));
    }

    /** A null timeout is refused with a message naming the argument and the fix. */
    @Test
    void nullTimeoutRefused() {
        IndexSemaphore sem = new IndexSemaphore(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sem.tryAcquire(null));
        assertTrue(e.getMessage().contains("timeout cannot be null in IndexSemaphore.tryAcquire"), e.getMessage());
    }
}
