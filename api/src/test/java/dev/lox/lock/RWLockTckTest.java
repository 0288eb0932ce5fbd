package dev.lox.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Properties of {@link RWLock}, one per test, in the manner of the JSR-166 TCK. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RWLockTckTest {
    private final RWLock rw = new RWLock();

    /** A waiting writer blocks new readers: while it waits, tryRead fails and read() waits. */
    @Test
    void waitingWriterBlocksNewReaders() throws Exception {
        RWLock.Guard r0 = rw.read();
        TestThreads.Started<RWLock.Guard> writer = TestThreads.start("writer", rw::write);
        TestThreads.awaitCondition("writer waiting", () -> rw.writersWaiting() == 1);
        assertNull(TestThreads.start("late-reader", () -> rw.tryRead(Duration.ofMillis(20))).join());
        TestThreads.Started<RWLock.Guard> blockedReader = TestThreads.start("blocked-reader", rw::read).awaitBlocked();
        r0.close();
        RWLock.Guard w = writer.join();
        assertTrue(rw.isWriteLocked());
        assertFalse(blockedReader.isDone(), "a reader got in while the writer held the lock");
        w.close();
        blockedReader.join().close();
        assertEquals(0, rw.readers());
    }

    /** A waiting writer is not starved by a stream of overlapping readers that would otherwise keep the lock read-held forever. */
    @Test
    void writerNotStarvedByReaderStream() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        // Two readers hand over to each other: each takes a new read guard before dropping its old one,
        // so without writer preference the lock is never free of readers.
        List<TestThreads.Started<Void>> readers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            readers.add(TestThreads.start("reader-" + i, () -> {
                RWLock.Guard held = rw.read();
                while (!stop.get()) {
                    RWLock.Guard next = rw.tryRead(Duration.ofMillis(1));
                    held.close();
                    held = next != null ? next : rw.read();
                    reads.incrementAndGet();
                }
                held.close();
                return null;
            }));
        }
        TestThreads.awaitCondition("readers streaming", () -> reads.get() > 100);
        TestThreads.Started<Boolean> writer = TestThreads.start("writer", () -> {
            try (RWLock.Guard w = rw.tryWrite(Duration.ofSeconds(TestThreads.BOUND_SECONDS))) {
                return w != null && rw.readers() == 0;
            }
        });
        try {
            assertTrue(writer.join(), "the writer must get in, alone");
        } finally {
            stop.set(true);
        }
        for (TestThreads.Started<Void> r : readers) {
            r.join();
        }
        assertEquals(0, rw.readers());
    }

    /** A writer that times out returns null and lets in the readers it was holding back. */
    @Test
    void tryWriteTimesOutAndLetsReadersIn() throws Exception {
        RWLock.Guard r0 = rw.read();
        TestThreads.Started<RWLock.Guard> writer = TestThreads.start("writer", () -> rw.tryWrite(Duration.ofMillis(200)));
        TestThreads.awaitCondition("writer waiting", () -> rw.writersWaiting() == 1);
        TestThreads.Started<RWLock.Guard> reader = TestThreads.start("reader", rw::read);
        assertNull(writer.join());
        reader.join().close();
        assertEquals(0, rw.writersWaiting());
        r0.close();
        assertEquals(0, rw.readers());
    }

    /** tryRead returns null when a writer keeps the lock past the timeout. */
    @Test
    void tryReadTimesOut() throws Exception {
        RWLock.Guard w = rw.write();
        assertNull(TestThreads.start("reader", () -> rw.tryRead(Duration.ofMillis(20))).join());
        assertNull(rw.tryRead(Duration.ZERO));
        w.close();
        assertNotNull(rw.tryRead(Duration.ZERO));
    }

    /** A writer interrupted while waiting throws InterruptedException and lets in the readers it was holding back. */
    @Test
    void writeInterruptedLetsReadersIn() throws Exception {
        RWLock.Guard r0 = rw.read();
        TestThreads.Started<RWLock.Guard> writer = TestThreads.start("writer", rw::write);
        TestThreads.awaitCondition("writer waiting", () -> rw.writersWaiting() == 1);
        TestThreads.Started<RWLock.Guard> reader = TestThreads.start("reader", rw::read).awaitBlocked();
        writer.thread.interrupt();
        assertInstanceOf(InterruptedException.class, writer.failure());
        reader.join().close();
        r0.close();
        assertEquals(0, rw.writersWaiting());
        assertNotNull(rw.tryWrite(Duration.ZERO));
    }

    /** A reader interrupted while waiting throws InterruptedException and holds nothing. */
    @Test
    void readInterrupted() throws Exception {
        RWLock.Guard w = rw.write();
        TestThreads.Started<RWLock.Guard> reader = TestThreads.start("reader",
                () -> rw.tryRead(Duration.ofSeconds(TestThreads.BOUND_SECONDS))).awaitBlocked();
        reader.thread.interrupt();
        assertInstanceOf(InterruptedException.class, reader.failure());
        w.close();
        assertEquals(0, rw.readers());
        assertNotNull(rw.tryWrite(Duration.ZERO));
    }

    /** With the interrupt status set, read() and write() throw at once, even on a free lock. */
    @Test
    void interruptStatusSet() {
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, rw::read);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, rw::write);
        assertEquals(0, rw.readers());
        assertFalse(rw.isWriteLocked());
    }

    /** A writer excludes other writers, and is woken when the holder releases. */
    @Test
    void writersExcludeEachOther() throws Exception {
        RWLock.Guard w = rw.write();
        TestThreads.Started<RWLock.Guard> other = TestThreads.start("writer-2", rw::write);
        TestThreads.awaitCondition("writer-2 waiting", () -> rw.writersWaiting() == 1);
        assertFalse(other.isDone());
        w.close();
        other.join().close();
        assertFalse(rw.isWriteLocked());
    }

    /** Closing a guard twice throws IllegalStateException and releases nothing more. */
    @Test
    void releaseTwiceThrows() throws Exception {
        RWLock.Guard r1 = rw.read();
        RWLock.Guard r2 = rw.read();
        r1.close();
        assertThrows(IllegalStateException.class, r1::close);
        assertEquals(1, rw.readers());
        assertNull(rw.tryWrite(Duration.ZERO), "r2 still reads");
        r2.close();
        RWLock.Guard w = rw.write();
        assertTrue(w.isWrite());
        w.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, w::close);
        assertTrue(e.getMessage().contains("write guard closed twice"), e.getMessage());
        assertFalse(rw.isWriteLocked());
    }

    /** A null timeout is refused with a message naming the argument. */
    @Test
    void nullTimeoutRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rw.tryWrite(null));
        assertTrue(e.getMessage().contains("timeout cannot be null in RWLock.tryWrite"), e.getMessage());
    }
}
