package dev.lox.lock;

import static dev.lox.lock.TestThreads.concurrently;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.StampedLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * N threads times M iterations against each lock, checking its invariant on every iteration. Every
 * wait is bounded (timed acquires, or TestThreads' bound on the whole run). Sized to run in a few
 * seconds on 2 shared cores.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LocksStressTest {
    private static final int THREADS = 6;
    private static final int ITERATIONS = 20_000;
    private static final Duration WAIT = Duration.ofSeconds(TestThreads.BOUND_SECONDS);

    /** QLock: never two threads inside, and no increment of a plain counter lost. */
    @Test
    void qlockMutualExclusion() throws Exception {
        QLock lock = new QLock();
        AtomicInteger inside = new AtomicInteger();
        int[] counter = new int[1];
        concurrently(THREADS, t -> {
            for (int i = 0; i < ITERATIONS; i++) {
                if (i % 2 == 0) {
                    lock.lock();
                } else {
                    assertTrue(lock.tryLock(TestThreads.BOUND_SECONDS, TimeUnit.SECONDS), "timed out");
                }
                try {
                    if (inside.incrementAndGet() != 1) {
                        fail("two threads inside a QLock");
                    }
                    counter[0]++;
                    inside.decrementAndGet();
                } finally {
                    lock.unlock();
                }
            }
        });
        lock.lock();
        try {
            assertEquals(THREADS * ITERATIONS, counter[0]);
        } finally {
            lock.unlock();
        }
        assertFalse(lock.isLocked());
        assertEquals(0, lock.waiting());
    }

    /** RWLock: a writer is alone; readers never overlap a writer; no write lost. */
    @Test
    void rwlockExclusion() throws Exception {
        RWLock rw = new RWLock();
        AtomicInteger readersInside = new AtomicInteger();
        AtomicInteger writersInside = new AtomicInteger();
        int[] writes = new int[1];
        AtomicInteger writesExpected = new AtomicInteger();
        concurrently(THREADS, t -> {
            for (int i = 0; i < ITERATIONS / 4; i++) {
                if ((i + t) % 5 == 0) {
                    try (RWLock.Guard w = rw.tryWrite(WAIT)) {
                        assertNotNull(w, "write timed out");
                        if (writersInside.incrementAndGet() != 1 || readersInside.get() != 0) {
                            fail("writer not alone");
                        }
                        writes[0]++;
                        writersInside.decrementAndGet();
                    }
                    writesExpected.incrementAndGet();
                } else {
                    try (RWLock.Guard r = rw.tryRead(WAIT)) {
                        assertNotNull(r, "read timed out");
                        readersInside.incrementAndGet();
                        if (writersInside.get() != 0) {
                            fail("reader overlapping a writer");
                        }
                        readersInside.decrementAndGet();
                    }
                }
            }
        });
        try (RWLock.Guard w = rw.write()) {
            assertEquals(writesExpected.get(), writes[0]);
        }
        assertEquals(0, rw.readers());
        assertEquals(0, rw.writersWaiting());
    }

    /**
     * RWLock with short timeouts on both sides, so that waiters give up while others release: the
     * exclusion still holds, and once all threads are done the lock is free with nobody waiting.
     */
    @Test
    void rwlockTimeoutsUnderContention() throws Exception {
        RWLock rw = new RWLock();
        AtomicInteger readersInside = new AtomicInteger();
        AtomicInteger writersInside = new AtomicInteger();
        AtomicInteger timeouts = new AtomicInteger();
        Duration shortWait = Duration.ofNanos(20_000);
        concurrently(THREADS, t -> {
            for (int i = 0; i < ITERATIONS / 4; i++) {
                boolean write = (i + t) % 3 == 0;
                RWLock.Guard g = write ? rw.tryWrite(shortWait) : rw.tryRead(shortWait);
                if (g == null) {
                    timeouts.incrementAndGet();
                    continue;
                }
                try (g) {
                    if (write) {
                        if (writersInside.incrementAndGet() != 1 || readersInside.get() != 0) {
                            fail("writer not alone");
                        }
                        writersInside.decrementAndGet();
                    } else {
                        readersInside.incrementAndGet();
                        if (writersInside.get() != 0) {
                            fail("reader overlapping a writer");
                        }
                        readersInside.decrementAndGet();
                    }
                }
            }
        });
        assertEquals(0, rw.readers());
        assertEquals(0, rw.writersWaiting());
        assertFalse(rw.isWriteLocked());
        RWLock.Guard w = rw.tryWrite(Duration.ZERO);
        assertNotNull(w, "lock left held after " + timeouts.get() + " timeouts");
        w.close();
        RWLock.Guard r = rw.tryRead(Duration.ZERO);
        assertNotNull(r, "readers left blocked");
        r.close();
    }

    /** QLock with short timeouts: exclusion holds while waiters leave the queue, and the queue ends empty. */
    @Test
    void qlockTimeoutsUnderContention() throws Exception {
        QLock lock = new QLock();
        AtomicInteger inside = new AtomicInteger();
        concurrently(THREADS, t -> {
            for (int i = 0; i < ITERATIONS / 4; i++) {
                if (lock.tryLock(20, TimeUnit.MICROSECONDS)) {
                    try {
                        if (inside.incrementAndGet() != 1) {
                            fail("two threads inside a QLock");
                        }
                        inside.decrementAndGet();
                    } finally {
                        lock.unlock();
                    }
                }
            }
        });
        assertFalse(lock.isLocked());
        assertEquals(0, lock.waiting());
        assertTrue(lock.tryLock());
        lock.unlock();
    }

    /** IndexSemaphore: no index handed out twice at once, and all indices free at the end. */
    @Test
    void indexSemaphoreNoIndexTwice() throws Exception {
        int n = 3;
        IndexSemaphore sem = new IndexSemaphore(n);
        AtomicIntegerArray held = new AtomicIntegerArray(n);
        AtomicInteger uses = new AtomicInteger();
        concurrently(THREADS, t -> {
            for (int i = 0; i < ITERATIONS / 2; i++) {
                try (IndexSemaphore.Permit p = sem.tryAcquire(WAIT)) {
                    assertNotNull(p, "acquire timed out");
                    if (!held.compareAndSet(p.index(), 0, 1)) {
                        fail("index " + p.index() + " handed out twice");
                    }
                    uses.incrementAndGet();
                    held.set(p.index(), 0);
                }
            }
        });
        assertEquals(THREADS * (ITERATIONS / 2), uses.get());
        assertEquals(n, sem.available());
    }

    /** LightSwitch: the janitor is never in with an occupant, and the lock is free once everyone has left. */
    @Test
    void lightSwitchJanitorAlone() throws Exception {
        Lock cleaning = new StampedLock().asWriteLock();
        LightSwitch room = new LightSwitch(cleaning);
        AtomicInteger occupantsInside = new AtomicInteger();
        AtomicBoolean janitorInside = new AtomicBoolean();
        AtomicInteger cleanings = new AtomicInteger();
        concurrently(THREADS, t -> {
            for (int i = 0; i < ITERATIONS / 4; i++) {
                if (t == 0 && i % 4 == 0) {
                    assertTrue(cleaning.tryLock(TestThreads.BOUND_SECONDS, TimeUnit.SECONDS), "janitor timed out");
                    try {
                        janitorInside.set(true);
                        if (occupantsInside.get() != 0) {
                            fail("janitor in with occupants");
                        }
                        cleanings.incrementAndGet();
                        janitorInside.set(false);
                    } finally {
                        cleaning.unlock();
                    }
                } else {
                    try (LightSwitch.Guard g = room.tryEnter(WAIT)) {
                        assertNotNull(g, "enter timed out");
                        occupantsInside.incrementAndGet();
                        if (janitorInside.get()) {
                            fail("occupant in with the janitor");
                        }
                        occupantsInside.decrementAndGet();
                    }
                }
            }
        });
        assertEquals(ITERATIONS / 16, cleanings.get());
        assertEquals(0, room.occupants());
        assertTrue(cleaning.tryLock(), "the last occupant out must unlock");
        cleaning.unlock();
    }
}
