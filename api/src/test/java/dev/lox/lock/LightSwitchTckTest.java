package dev.lox.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Properties of {@link LightSwitch}, one per test, in the manner of the JSR-166 TCK. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LightSwitchTckTest {
    private final Lock janitor = new StampedLock().asWriteLock();
    private final LightSwitch room = new LightSwitch(janitor);

    /** The last occupant out unlocks the lock even when it is not the thread that locked it. */
    @Test
    void lastOutUnlocksFromAnotherThread() throws Exception {
        LightSwitch.Guard first = room.enter();
        LightSwitch.Guard second = TestThreads.start("second", room::enter).join();
        first.close();
        assertFalse(janitor.tryLock());
        TestThreads.start("last-out", () -> {
            second.close();
            return null;
        }).join();
        assertTrue(janitor.tryLock());
        janitor.unlock();
    }

    /** tryEnter returns null when the janitor keeps the lock past the timeout, leaving no occupant. */
    @Test
    void tryEnterTimesOut() throws Exception {
        janitor.lock();
        assertNull(room.tryEnter(Duration.ofMillis(20)));
        assertEquals(0, room.occupants());
        janitor.unlock();
        LightSwitch.Guard g = room.tryEnter(Duration.ZERO);
        assertNotNull(g);
        g.close();
    }

    /** An occupant waiting for the janitor wakes when the janitor leaves. */
    @Test
    void enterWaitsForJanitor() throws Exception {
        janitor.lock();
        TestThreads.Started<LightSwitch.Guard> person = TestThreads.start("person", room::enter).awaitBlocked();
        assertEquals(0, room.occupants());
        janitor.unlock();
        person.join().close();
        assertEquals(0, room.occupants());
    }

    /** An interrupt while waiting to enter throws InterruptedException, enters nobody, and leaves the switch usable. */
    @Test
    void enterInterruptedWhileWaiting() throws Exception {
        janitor.lock();
        TestThreads.Started<LightSwitch.Guard> person = TestThreads.start("person", room::enter).awaitBlocked();
        person.thread.interrupt();
        assertInstanceOf(InterruptedException.class, person.failure());
        assertEquals(0, room.occupants());
        janitor.unlock();
        try (LightSwitch.Guard g = room.tryEnter(Duration.ofSeconds(TestThreads.BOUND_SECONDS))) {
            assertNotNull(g);
            assertEquals(1, room.occupants());
        }
    }

    /** A timed enter interrupted while waiting throws InterruptedException and enters nobody. */
    @Test
    void tryEnterInterruptedWhileWaiting() throws Exception {
        janitor.lock();
        TestThreads.Started<LightSwitch.Guard> person = TestThreads.start("person",
                () -> room.tryEnter(Duration.ofSeconds(TestThreads.BOUND_SECONDS))).awaitBlocked();
        person.thread.interrupt();
        assertInstanceOf(InterruptedException.class, person.failure());
        assertEquals(0, room.occupants());
        janitor.unlock();
    }

    /** Closing a guard twice throws IllegalStateException and does not let the count go below the true number of occupants. */
    @Test
    void leaveTwiceThrows() throws Exception {
        LightSwitch.Guard a = room.enter();
        LightSwitch.Guard b = room.enter();
        a.close();
        assertThrows(IllegalStateException.class, a::close);
        assertEquals(1, room.occupants());
        assertFalse(janitor.tryLock(), "one occupant is still inside");
        b.close();
        assertTrue(janitor.tryLock());
        janitor.unlock();
    }

    /** An owner-bound lock the constructor cannot recognise fails on the last exit with a message that explains why and gives the fix. */
    @Test
    void unrecognisedOwnerBoundLockExplained() throws Exception {
        ReentrantLock inner = new ReentrantLock();
        Lock disguised = new Lock() {
            @Override public void lock() { inner.lock(); }
            @Override public void lockInterruptibly() throws InterruptedException { inner.lockInterruptibly(); }
            @Override public boolean tryLock() { return inner.tryLock(); }
            @Override public boolean tryLock(long t, java.util.concurrent.TimeUnit u) throws InterruptedException {
                return inner.tryLock(t, u);
            }
            @Override public void unlock() { inner.unlock(); }
            @Override public java.util.concurrent.locks.Condition newCondition() { return inner.newCondition(); }
        };
        LightSwitch sw = new LightSwitch(disguised);
        LightSwitch.Guard g = sw.enter();
        Throwable e = TestThreads.start("last-out", () -> {
            g.close();
            return null;
        }).failure();
        assertInstanceOf(IllegalMonitorStateException.class, e);
        assertTrue(e.getMessage().contains("could not unlock"), e.getMessage());
        assertTrue(e.getMessage().contains("new StampedLock().asWriteLock()"), e.getMessage());
        assertInstanceOf(IllegalMonitorStateException.class, e.getCause());
        inner.unlock();
    }

    /** Locks only their owner may unlock are refused at construction, with a message giving the fix. */
    @Test
    void ownerBoundLocksRefused() {
        for (Lock lock : new Lock[] {new ReentrantLock(), new ReentrantReadWriteLock().writeLock(), new QLock()}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LightSwitch(lock));
            assertTrue(e.getMessage().contains("new StampedLock().asWriteLock()"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new LightSwitch(null));
    }
}
