package dev.lox.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Properties of {@link QLock}, one per test, in the manner of the JSR-166 TCK. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QLockTckTest {
    private final QLock lock = new QLock();

    /** Under contention, threads acquire in exactly the order they queued, including after timed and interruptible waits. */
    @Test
    void fifoUnderContention() throws Exception {
        int n = 12;
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<TestThreads.Started<Void>> threads = new ArrayList<>();
        lock.lock();
        try {
            for (int i = 0; i < n; i++) {
                int id = i;
                threads.add(TestThreads.start("t" + i, () -> {
                    switch (id % 3) {
                        case 0 -> lock.lock();
                        case 1 -> lock.lockInterruptibly();
                        default -> assertTrue(lock.tryLock(TestThreads.BOUND_SECONDS, TimeUnit.SECONDS));
                    }
                    try {
                        order.add(id);
                    } finally {
                        lock.unlock();
                    }
                    return null;
                }));
                int queued = i + 1;
                TestThreads.awaitCondition(queued + " queued", () -> lock.waiting() == queued);
            }
        } finally {
            lock.unlock();
        }
        for (TestThreads.Started<Void> t : threads) {
            t.join();
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(i);
        }
        assertEquals(expected, order);
        assertFalse(lock.isLocked());
        assertEquals(0, lock.waiting());
    }

    /** A thread that times out leaves the queue, and the threads behind it keep their order. */
    @Test
    void timedOutWaiterLeavesQueueInOrder() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        lock.lock();
        TestThreads.Started<Boolean> impatient = TestThreads.start("impatient", () -> lock.tryLock(50, TimeUnit.MILLISECONDS));
        TestThreads.awaitCondition("impatient queued", () -> lock.waiting() == 1);
        TestThreads.Started<Void> patient = TestThreads.start("patient", () -> {
            lock.lock();
            order.add("patient");
            lock.unlock();
            return null;
        });
        assertFalse(impatient.join(), "tryLock should time out while the lock is held");
        TestThreads.awaitCondition("patient queued alone", () -> lock.waiting() == 1);
        lock.unlock();
        patient.join();
        assertEquals(List.of("patient"), order);
    }

    /** tryLock(time) returns false when the lock stays held past the timeout. */
    @Test
    void tryLockTimesOut() throws Exception {
        lock.lock();
        TestThreads.Started<Boolean> other = TestThreads.start("other", () -> lock.tryLock(20, TimeUnit.MILLISECONDS));
        assertFalse(other.join());
        assertEquals(0, lock.waiting());
        assertTrue(lock.isLocked());
        lock.unlock();
    }

    /** tryLock() succeeds on a free lock and fails, without waiting, on a held one. */
    @Test
    void tryLockNoWait() throws Exception {
        assertTrue(lock.tryLock());
        assertFalse(TestThreads.start("other", lock::tryLock).join());
        lock.unlock();
        assertTrue(TestThreads.start("other", () -> {
            boolean got = lock.tryLock();
            lock.unlock();
            return got;
        }).join());
    }

    /** lockInterruptibly throws InterruptedException when interrupted while queued, and leaves the queue. */
    @Test
    void lockInterruptiblyInterrupted() throws Exception {
        lock.lock();
        TestThreads.Started<Void> waiter = TestThreads.start("waiter", () -> {
            lock.lockInterruptibly();
            return null;
        });
        TestThreads.awaitCondition("waiter queued", () -> lock.waiting() == 1);
        waiter.thread.interrupt();
        assertInstanceOf(InterruptedException.class, waiter.failure());
        assertEquals(0, lock.waiting());
        lock.unlock();
        assertFalse(lock.isLocked());
    }

    /** tryLock(time) throws InterruptedException when interrupted while queued. */
    @Test
    void timedTryLockInterrupted() throws Exception {
        lock.lock();
        TestThreads.Started<Boolean> waiter = TestThreads.start("waiter",
                () -> lock.tryLock(TestThreads.BOUND_SECONDS, TimeUnit.SECONDS));
        TestThreads.awaitCondition("waiter queued", () -> lock.waiting() == 1);
        waiter.thread.interrupt();
        assertInstanceOf(InterruptedException.class, waiter.failure());
        lock.unlock();
    }

    /** lock() is not stopped by an interrupt: the thread still acquires, with its interrupt status kept. */
    @Test
    void lockIgnoresInterruptButKeepsStatus() throws Exception {
        lock.lock();
        TestThreads.Started<Boolean> waiter = TestThreads.start("waiter", () -> {
            lock.lock();
            try {
                return Thread.currentThread().isInterrupted();
            } finally {
                lock.unlock();
            }
        });
        TestThreads.awaitCondition("waiter queued", () -> lock.waiting() == 1);
        waiter.thread.interrupt();
        assertEquals(1, lock.waiting(), "an interrupt must not make lock() give up");
        lock.unlock();
        assertTrue(waiter.join());
    }

    /** unlock by a thread that does not hold the lock throws IllegalMonitorStateException and changes nothing. */
    @Test
    void unlockByNonOwner() throws Exception {
        lock.lock();
        Throwable e = TestThreads.start("stranger", () -> {
            lock.unlock();
            return null;
        }).failure();
        assertInstanceOf(IllegalMonitorStateException.class, e);
        assertTrue(e.getMessage().contains("does not hold it"), e.getMessage());
        assertTrue(lock.isLocked());
        lock.unlock();
    }

    /** Releasing more times than acquired throws IllegalMonitorStateException. */
    @Test
    void unlockTwice() {
        lock.lock();
        lock.unlock();
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
        assertFalse(lock.isLocked());
    }

    /** The lock is not reentrant: lock() by the holder throws instead of waiting forever; tryLock by the holder fails. */
    @Test
    void notReentrant() throws Exception {
        lock.lock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::lock);
        assertTrue(e.getMessage().contains("not reentrant"), e.getMessage());
        assertThrows(IllegalStateException.class, lock::lockInterruptibly);
        assertFalse(lock.tryLock());
        assertFalse(lock.tryLock(1, TimeUnit.SECONDS));
        assertTrue(lock.isHeldByCurrentThread());
        lock.unlock();
        assertFalse(lock.isHeldByCurrentThread());
    }

    /** A condition's await releases the lock and returns holding it once signalled. */
    @Test
    void conditionAwaitSignal() throws Exception {
        Condition ready = lock.newCondition();
        boolean[] flag = new boolean[1];
        TestThreads.Started<Boolean> waiter = TestThreads.start("waiter", () -> {
            lock.lock();
            try {
                while (!flag[0]) {
                    if (!ready.await(TestThreads.BOUND_SECONDS, TimeUnit.SECONDS)) {
                        return false;
                    }
                }
                return lock.isHeldByCurrentThread();
            } finally {
                lock.unlock();
            }
        }).awaitBlocked();
        lock.lock();
        try {
            flag[0] = true;
            ready.signal();
        } finally {
            lock.unlock();
        }
        assertTrue(waiter.join());
    }

    /** Condition methods without holding the lock throw IllegalMonitorStateException. */
    @Test
    void conditionWithoutLock() {
        Condition c = lock.newCondition();
        assertThrows(IllegalMonitorStateException.class, c::await);
        assertThrows(IllegalMonitorStateException.class, c::signal);
    }

    /** A null TimeUnit is refused with a message naming the argument. */
    @Test
    void nullUnitRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lock.tryLock(1, null));
        assertTrue(e.getMessage().contains("unit cannot be null"), e.getMessage());
    }
}
