package dev.lox.lock;

import static dev.lox.lock.TestThreads.concurrently;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Port of lox's tests/lock/test_IndexSemaphore.py. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IndexSemaphorePortTest {
    private static final int N_RESOURCE = 5;
    private static final int N_THREADS = 20;

    /** Per index, a lock that must be free when the index is handed out: a held one means the index was handed out twice. */
    private final ReentrantLock[] locks = new ReentrantLock[N_RESOURCE];
    private final AtomicInteger unique = new AtomicInteger();

    IndexSemaphorePortTest() {
        for (int i = 0; i < N_RESOURCE; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** lox sleeps 10 ms holding the index so that holders overlap; yielding does the same without timing. */
    private void useResource(int index) {
        if (locks[index].tryLock()) {
            try {
                for (int i = 0; i < 200; i++) {
                    Thread.yield();
                }
                unique.incrementAndGet();
            } finally {
                locks[index].unlock();
            }
        }
    }

    /** test_multithread_args: acquire with a timeout, release by hand. */
    @Test
    void multithreadArgs() throws Exception {
        IndexSemaphore sem = new IndexSemaphore(N_RESOURCE);
        concurrently(N_THREADS, t -> {
            IndexSemaphore.Permit p = sem.tryAcquire(Duration.ofSeconds(TestThreads.BOUND_SECONDS));
            assertNotNull(p, "timed out");
            useResource(p.index());
            p.close();
        });
        assertEquals(N_THREADS, unique.get());
        assertEquals(N_RESOURCE, sem.available());
    }

    /** test_multithread_no_args: acquire without a timeout. */
    @Test
    void multithreadNoArgs() throws Exception {
        IndexSemaphore sem = new IndexSemaphore(N_RESOURCE);
        concurrently(N_THREADS, t -> {
            IndexSemaphore.Permit p = sem.acquire();
            useResource(p.index());
            p.close();
        });
        assertEquals(N_THREADS, unique.get());
        assertEquals(N_RESOURCE, sem.available());
    }

    /** test_multithread_context_args: the context manager with a timeout is try-with-resources on tryAcquire. */
    @Test
    void multithreadContextArgs() throws Exception {
        IndexSemaphore sem = new IndexSemaphore(N_RESOURCE);
        concurrently(N_THREADS, t -> {
            try (IndexSemaphore.Permit p = sem.tryAcquire(Duration.ofSeconds(TestThreads.BOUND_SECONDS))) {
                assertNotNull(p, "timed out");
                useResource(p.index());
            }
        });
        assertEquals(N_THREADS, unique.get());
        assertEquals(N_RESOURCE, sem.available());
    }

    /** test_multithread_context_no_args. */
    @Test
    void multithreadContextNoArgs() throws Exception {
        IndexSemaphore sem = new IndexSemaphore(N_RESOURCE);
        concurrently(N_THREADS, t -> {
            try (IndexSemaphore.Permit p = sem.acquire()) {
                useResource(p.index());
            }
        });
        assertEquals(N_THREADS, unique.get());
        assertEquals(N_RESOURCE, sem.available());
    }

    /** test_invalid_constructor: ValueError becomes IllegalArgumentException naming n and its value. */
    @Test
    void invalidConstructor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IndexSemaphore(0));
        assertTrue(e.getMessage().contains("n must be > 0 but was 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new IndexSemaphore(-3));
    }

    /** test_timeout: the only index is 0; a second acquire times out with null. */
    @Test
    void timeout() throws Exception {
        IndexSemaphore sem = new IndexSemaphore(1);
        try (IndexSemaphore.Permit p1 = sem.acquire()) {
            assertEquals(0, p1.index());
            assertNull(sem.tryAcquire(Duration.ofMillis(100)));
        }
        assertEquals(1, sem.available());
    }
}
