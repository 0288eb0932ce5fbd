package dev.lox.lock;

import dev.lox.internal.Timeouts;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * waiting readers. Hence a steady stream of writers can starve readers, as in lox.
 *
 * <p><b>Not reentrant.</b> A thread that holds a read guard and asks to write waits for itself
 * forever; and one that holds a read guard and asks for a second one waits, as any new reader does,
 * behind a waiting writer, which waits for the first guard: a deadlock. Take one guard per thread.
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
     * Why not AbstractQueuedSynchronizer: writer preference on AQS's single FIFO queue needs readers
     * that step aside for writers queued behind them, which AQS does not offer (only the head of its
     * queue retries), so a reader parked at the head would wait for a writer that never gets to try.
     *
     * Instead: one int of state changed only by CAS, and a monitor (a ReentrantLock with two
     * conditions) for the threads that must wait. Uncontended acquires and releases are a single CAS
     * on the state; every wait, and every wake-up of waiters, happens with the monitor held. The
     * WRITER_WAITING and READER_WAITING bits, set and cleared only under the monitor, make the
     * releasing side's fast-path CAS fail whenever somebody might need a signal, and a waiter sets
     * its bit by a CAS against the very state it found blocking, so no release slips in between the
     * check and the wait unseen.
     */
    private static final int READERS = 0xFFFF;               // count of readers holding the lock
    private static final int WRITING = 1 << 16;              // a writer holds the lock
    private static final int WRITER_WAITING = 1 << 17;       // writersWaiting > 0
    private static final int READER_WAITING = 1 << 18;       // readersWaiting > 0
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(RWLock.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;
    private final ReentrantLock monitor = new ReentrantLock();
    private final Condition readable = monitor.newCondition();
    private final Condition writable = monitor.newCondition();
    private int readersWaiting;   // guarded by monitor
    private int writersWaiting;   // guarded by monitor

    /** Creates an unlocked {@code RWLock}. */
    public RWLock() {
    }

    /**
     * Acquires a read guard, waiting while a writer holds the lock or waits for it.
     *
     * @throws InterruptedException if interrupted on entry or while waiting; no guard is acquired
     */
    public Guard read() throws InterruptedException {
        return acquireRead(0L, false);
    }

    /**
     * Acquires a read guard if that is possible within {@code timeout}.
     *
     * @return the guard, or {@code null} if the timeout elapsed first
     * @throws InterruptedException if interrupted on entry or while waiting; no guard is acquired
     * @throws IllegalArgumentException if {@code timeout} is null
     */
    public Guard tryRead(Duration timeout) throws InterruptedException {
        return acquireRead(Timeouts.nanos(timeout, "RWLock.tryRead"), true);
    }

    /**
     * Acquires the write guard, waiting until no reader or writer holds the lock; from the moment it
     * starts waiting, new readers wait behind it.
     *
     * @throws InterruptedException if interrupted on entry or while waiting; no guard is acquired
     *     and readers held back by this writer are let in
     */
    public Guard write() throws InterruptedException {
        return acquireWrite(0L, false);
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
        return acquireWrite(Timeouts.nanos(timeout, "RWLock.tryWrite"), true);
    }

    /** The number of readers holding the lock now, like lox's {@code len(rw_lock)}. */
    public int readers() {
        return state & READERS;
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
        return (state & WRITING) != 0;
    }

    private boolean cas(int expected, int next) {
        return STATE.compareAndSet(this, expected, next);
    }

    /** Sets or clears {@code bit}; only bits guarded by the monitor, so only readers' counts race with it. */
    private void setBit(int bit, boolean on) {
        int s;
        do {
            s = state;
        } while (!cas(s, on ? s | bit : s & ~bit));
    }

    private static int addReader(int s) {
        if ((s & READERS) == READERS) {
            throw new IllegalStateException("RWLock read count exceeded " + READERS
                    + ": release read guards (each read() needs one close())");
        }
        return s + 1;
    }

    private Guard acquireRead(long nanos, boolean timed) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before RWLock.read()");
        }
        for (int s = state; (s & (WRITING | WRITER_WAITING)) == 0; s = state) {
            if (cas(s, addReader(s))) {
                return new Guard(false);
            }
        }
        return readSlow(nanos, timed);
    }

    private Guard readSlow(long nanos, boolean timed) throws InterruptedException {
        monitor.lockInterruptibly();
        try {
            boolean waiting = false;
            try {
                for (;;) {
                    int s = state;
                    if ((s & (WRITING | WRITER_WAITING)) == 0) {
                        if (cas(s, addReader(s))) {
                            return new Guard(false);
                        }
                        continue;
                    }
                    if (!waiting) {
                        // Against the state that blocks us: a writer that left meanwhile makes this fail.
                        if (!cas(s, s | READER_WAITING)) {
                            continue;
                        }
                        readersWaiting++;
                        waiting = true;
                    }
                    if (!timed) {
                        readable.await();
                    } else if (nanos <= 0L) {
                        return null;
                    } else {
                        nanos = readable.awaitNanos(nanos);
                    }
                }
            } finally {
                if (waiting && --readersWaiting == 0) {
                    setBit(READER_WAITING, false);
                }
            }
        } finally {
            monitor.unlock();
        }
    }

    private Guard acquireWrite(long nanos, boolean timed) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before RWLock.write()");
        }
        if (cas(0, WRITING)) {
            return new Guard(true);
        }
        return writeSlow(nanos, timed);
    }

    private Guard writeSlow(long nanos, boolean timed) throws InterruptedException {
        monitor.lockInterruptibly();
        try {
            writersWaiting++;
            setBit(WRITER_WAITING, true);   // from here on, no new reader gets in
            boolean acquired = false;
            try {
                for (;;) {
                    int s = state;
                    if ((s & (READERS | WRITING)) == 0) {
                        if (cas(s, s | WRITING)) {
                            acquired = true;
                            return new Guard(true);
                        }
                        continue;
                    }
                    if (!timed) {
                        writable.await();
                    } else if (nanos <= 0L) {
                        return null;
                    } else {
                        nanos = writable.awaitNanos(nanos);
                    }
                }
            } finally {
                if (--writersWaiting == 0) {
                    setBit(WRITER_WAITING, false);
                }
                if (!acquired) {
                    // This writer gives up (timeout or interrupt): whoever it held back may proceed,
                    // and a signal it may have consumed is passed on to the next writer.
                    wakeWaiters();
                }
            }
        } finally {
            monitor.unlock();
        }
    }

    /** With the monitor held: wakes the next writer if it can go, else every waiting reader if they can. */
    private void wakeWaiters() {
        int s = state;
        if ((s & WRITING) != 0) {
            return;
        }
        if (writersWaiting > 0) {
            if ((s & READERS) == 0) {
                writable.signal();
            }
        } else if (readersWaiting > 0) {
            readable.signalAll();
        }
    }

    private void releaseRead() {
        int s = (int) STATE.getAndAdd(this, -1) - 1;
        if ((s & READERS) == 0 && (s & WRITER_WAITING) != 0) {
            monitor.lock();
            try {
                wakeWaiters();
            } finally {
                monitor.unlock();
            }
        }
    }

    private void releaseWrite() {
        if (cas(WRITING, 0)) {
            return;   // nobody waits, nobody to wake
        }
        monitor.lock();
        try {
            setBit(WRITING, false);
            wakeWaiters();
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public String toString() {
        int s = state;
        return super.toString() + "[" + ((s & WRITING) != 0 ? "write-locked" : (s & READERS) + " readers")
                + ((s & WRITER_WAITING) != 0 ? ", writers waiting]" : "]");
    }

    /** A read or write hold on an {@link RWLock}; closing it releases that hold. */
    public final class Guard implements AutoCloseable {
        private static final VarHandle RELEASED;

        static {
            try {
                RELEASED = MethodHandles.lookup().findVarHandle(Guard.class, "released", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final boolean write;
        @SuppressWarnings("unused") // through RELEASED
        private volatile boolean released;

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
            if (!RELEASED.compareAndSet(this, false, true)) {
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
