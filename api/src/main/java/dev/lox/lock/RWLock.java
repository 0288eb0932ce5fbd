package dev.lox.lock;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A readers-writer lock that prefers writers: any number of readers may hold it together, a writer
 * holds it alone, and as soon as a writer is waiting no new reader gets in, so a stream of readers
 * can never starve a writer. It is lox's {@code RWLock}.
 *
 * <pre>{@code
 * RWLock rw = new RWLock();
 * try (RWLock.Guard r = rw.read()) {      // many readers at once
 *     return cache.get(key);
 * }
 * try (RWLock.Guard w = rw.write()) {     // one writer, no readers
 *     cache.put(key, value);
 * }
 * }</pre>
 *
 * <p><b>Fairness.</b> Writers first: a reader waits while a writer holds the lock or while any
 * writer waits for it; when a writer releases, the next waiting writer (if any) goes before the
 * waiting readers. Hence a steady stream of writers can starve readers, as in lox. Not reentrant:
 * a thread that holds a read guard and asks to write waits for itself forever.
 *
 * <p>Guards are not tied to a thread: any thread may close a guard, once; a second
 * {@link Guard#close()} throws {@link IllegalStateException}.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before it closes a write guard
 * <i>happen-before</i> the actions of every thread that later acquires a read or write guard, and
 * actions before closing a read guard <i>happen-before</i> those of the next writer.
 */
public final class RWLock {
    /*
     * A monitor on a ReentrantLock rather than an AbstractQueuedSynchronizer: writer preference on
     * AQS's single FIFO queue needs readers that step aside for writers queued behind them, which
     * AQS does not offer (only the head of its queue retries), and a reader parked at the head
     * would then wait for a writer that never gets to try. The monitor holds the state plainly.
     */
    private final ReentrantLock monitor = new ReentrantLock();
    private final Condition readable = monitor.newCondition();
    private final Condition writable = monitor.newCondition();
    private int readers;          // guarded by monitor
    private boolean writing;      // guarded by monitor
    private int writersWaiting;   // guarded by monitor
    private volatile int readersSnapshot;

    /** Creates an unlocked {@code RWLock}. */
    public RWLock() {
    }

    /**
     * Acquires a read guard, waiting while a writer holds the lock or waits for it.
     *
     * @throws InterruptedException if interrupted on entry or while waiting; no guard is acquired
     */
    public Guard read() throws InterruptedException {
        return tryRead(Long.MAX_VALUE, false);
    }

    /**
     * Acquires a read guard if that is possible within {@code timeout}.
     *
     * @return the guard, or {@code null} if the timeout elapsed first
     * @throws InterruptedException if interrupted on entry or while waiting; no guard is acquired
     * @throws IllegalArgumentException if {@code timeout} is null
     */
    public Guard tryRead(Duration timeout) throws InterruptedException {
        return tryRead(Timeouts.nanos(timeout, "RWLock.tryRead"), true);
    }

    /**
     * Acquires the write guard, waiting until no reader or writer holds the lock; from the moment it
     * starts waiting, new readers wait behind it.
     *
     * @throws InterruptedException if interrupted on entry or while waiting; no guard is acquired
     *     and readers held back by this writer are let in
     */
    public Guard write() throws InterruptedException {
        return tryWrite(Long.MAX_VALUE, false);
    }

    /**
     * Acquires the write guard if that is possible within {@code timeout}.
     *
     * @return the guard, or {@code null} if the timeout elapsed first (readers held back by this
     *     writer are then let in)
     * @throws InterruptedException if interrupted on entry or while waiting; no guard is acquired
     * @throws IllegalArgumentException if {@code timeout} is null
     */
    public Guard tryWrite(Duration timeout) throws InterruptedException {
        return tryWrite(Timeouts.nanos(timeout, "RWLock.tryWrite"), true);
    }

    /** The number of readers holding the lock now, like lox's {@code len(rw_lock)}. */
    public int readers() {
        return readersSnapshot;
    }

    /** The number of writers waiting for the lock now; while it is above 0, new readers wait. */
    public int writersWaiting() {
        monitor.lock();
        try {
            return writersWaiting;
        } finally {
            monitor.unlock();
        }
    }

    /** Whether a writer holds the lock now. */
    public boolean isWriteLocked() {
        monitor.lock();
        try {
            return writing;
        } finally {
            monitor.unlock();
        }
    }

    private Guard tryRead(long nanos, boolean timed) throws InterruptedException {
        monitor.lockInterruptibly();
        try {
            while (writing || writersWaiting > 0) {
                if (!timed) {
                    readable.await();
                } else if (nanos <= 0L) {
                    return null;
                } else {
                    nanos = readable.awaitNanos(nanos);
                }
            }
            readersSnapshot = ++readers;
            return new Guard(false);
        } finally {
            monitor.unlock();
        }
    }

    private Guard tryWrite(long nanos, boolean timed) throws InterruptedException {
        monitor.lockInterruptibly();
        try {
            writersWaiting++;
            boolean acquired = false;
            try {
                while (writing || readers > 0) {
                    if (!timed) {
                        writable.await();
                    } else if (nanos <= 0L) {
                        return null;
                    } else {
                        nanos = writable.awaitNanos(nanos);
                    }
                }
                writing = true;
                acquired = true;
                return new Guard(true);
            } finally {
                writersWaiting--;
                if (!acquired) {
                    // This writer gives up (timeout or interrupt): whoever it held back may proceed.
                    // A signal it may have consumed is passed on to the next writer.
                    wakeAfterWriterLeft();
                }
            }
        } finally {
            monitor.unlock();
        }
    }

    /** Called with the monitor held when a writer stops holding or stops waiting for the lock. */
    private void wakeAfterWriterLeft() {
        if (writing) {
            return;
        }
        if (writersWaiting > 0) {
            if (readers == 0) {
                writable.signal();
            }
        } else {
            readable.signalAll();
        }
    }

    private void releaseRead() {
        monitor.lock();
        try {
            readersSnapshot = --readers;
            if (readers == 0 && writersWaiting > 0) {
                writable.signal();
            }
        } finally {
            monitor.unlock();
        }
    }

    private void releaseWrite() {
        monitor.lock();
        try {
            writing = false;
            wakeAfterWriterLeft();
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public String toString() {
        monitor.lock();
        try {
            return super.toString() + "[" + (writing ? "write-locked" : readers + " readers") + ", "
                    + writersWaiting + " writers waiting]";
        } finally {
            monitor.unlock();
        }
    }

    /** A read or write hold on an {@link RWLock}; closing it releases that hold. */
    public final class Guard implements AutoCloseable {
        private final boolean write;
        private final AtomicBoolean released = new AtomicBoolean();

        private Guard(boolean write) {
            this.write = write;
        }

        /** Whether this is the write guard (else a read guard). */
        public boolean isWrite() {
            return write;
        }

        /**
         * Releases this hold. Any thread may close a guard, once.
         *
         * @throws IllegalStateException if this guard was already closed
         */
        @Override
        public void close() {
            if (!released.compareAndSet(false, true)) {
                throw new IllegalStateException("RWLock " + (write ? "write" : "read") + " guard closed twice:"
                        + " each read()/write() is released once; close the guard in one place"
                        + " (try-with-resources does it for you)");
            }
            if (write) {
                releaseWrite();
            } else {
                releaseRead();
            }
        }
    }
}
