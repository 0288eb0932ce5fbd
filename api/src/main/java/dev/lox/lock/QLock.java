package dev.lox.lock;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A mutual-exclusion {@link Lock} that is granted in strict first-in, first-out order: a thread
 * that asks for the lock while others wait queues behind them, and no thread ever barges ahead
 * of a waiting one, not even with {@link #tryLock()}. It is lox's {@code QLock}.
 *
 * <pre>{@code
 * QLock q = new QLock();
 * q.lock();
 * try {
 *     appendToLog(line);          // threads append in the order they asked
 * } finally {
 *     q.unlock();
 * }
 * }</pre>
 *
 * <p><b>Fairness.</b> Threads acquire in the order they joined the wait queue. {@link #tryLock()}
 * fails at once when another thread is waiting, even if the lock is momentarily free (unlike
 * {@code ReentrantLock.tryLock()}, which barges). A thread that times out or is interrupted leaves
 * the queue without disturbing the order of the others.
 *
 * <p><b>Not reentrant.</b> A thread that holds the lock and calls {@link #lock()} or
 * {@link #lockInterruptibly()} again would wait for itself forever, so those throw
 * {@link IllegalStateException}; {@link #tryLock()} and {@link #tryLock(long, TimeUnit)} by the
 * holder return {@code false} at once. Only the holder may {@link #unlock()}; any other thread gets
 * {@link IllegalMonitorStateException}, as with {@code ReentrantLock}.
 *
 * <p><b>Conditions.</b> {@link #newCondition()} returns a working {@link Condition}: a thread that
 * awaits releases the lock, and once signalled it queues for the lock again behind the threads
 * already waiting.
 *
 * <p><b>Memory consistency effects:</b> as for every {@code Lock}, actions in a thread before it
 * calls {@code unlock()} <i>happen-before</i> actions in the thread that next acquires the lock.
 *
 * <p>Built on {@link AbstractQueuedSynchronizer}, whose queue is FIFO; acquiring and releasing
 * an uncontended {@code QLock} costs what a fair {@code ReentrantLock} does (docs/benchmarks.md).
 */
public final class QLock implements Lock {

    /** state 0 = free, 1 = held. */
    private static final class Sync extends AbstractQueuedSynchronizer {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean tryAcquire(int ignored) {
            // hasQueuedPredecessors is what makes the order strict: even a free lock is not taken
            // while an earlier thread waits for it.
            if (getState() == 0 && !hasQueuedPredecessors() && compareAndSetState(0, 1)) {
                setExclusiveOwnerThread(Thread.currentThread());
                return true;
            }
            return false;
        }

        @Override
        protected boolean tryRelease(int ignored) {
            if (getExclusiveOwnerThread() != Thread.currentThread()) {
                throw new IllegalMonitorStateException(notOwnerMessage());
            }
            setExclusiveOwnerThread(null);
            setState(0);
            return true;
        }

        @Override
        protected boolean isHeldExclusively() {
            return getExclusiveOwnerThread() == Thread.currentThread();
        }

        private String notOwnerMessage() {
            Thread owner = getExclusiveOwnerThread();
            return "QLock.unlock() by thread '" + Thread.currentThread().getName() + "', which does not hold it ("
                    + (owner == null ? "nobody does" : "thread '" + owner.getName() + "' does")
                    + "): only the thread that locked a QLock may unlock it, once per lock";
        }

        /** Throws if the caller already holds the lock, since waiting for it would never end. */
        void refuseReentry(String method) {
            if (isHeldExclusively()) {
                throw new IllegalStateException("QLock." + method + " by thread '" + Thread.currentThread().getName()
                        + "', which already holds it: QLock is not reentrant, so this would wait forever;"
                        + " unlock first, or use a ReentrantLock if the code must re-enter");
            }
        }

        Condition newCondition() {
            return new ConditionObject();
        }

        boolean isLocked() {
            return getState() != 0;
        }

        Thread owner() {
            return getExclusiveOwnerThread();
        }
    }

    private final Sync sync = new Sync();

    /** Creates an unlocked {@code QLock}. */
    public QLock() {
    }

    /**
     * Acquires the lock, waiting behind every thread that asked before. Interrupts do not stop the
     * wait (the thread's interrupt status is kept); see {@link #lockInterruptibly()}.
     *
     * @throws IllegalStateException if the calling thread already holds the lock
     */
    @Override
    public void lock() {
        if (!sync.tryAcquire(1)) {
            sync.refuseReentry("lock()");
            sync.acquire(1);
        }
    }

    /**
     * Acquires the lock, waiting behind every thread that asked before, unless interrupted.
     *
     * @throws InterruptedException if the thread is interrupted on entry or while waiting; it then
     *     leaves the queue without the lock and with its interrupt status cleared
     * @throws IllegalStateException if the calling thread already holds the lock
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before QLock.lockInterruptibly()");
        }
        if (!sync.tryAcquire(1)) {
            sync.refuseReentry("lockInterruptibly()");
            sync.acquireInterruptibly(1);
        }
    }

    /**
     * Acquires the lock only if it is free and no thread is waiting for it.
     *
     * @return {@code true} if acquired; {@code false} if held (by anyone, the caller included) or
     *     if other threads are queued for it
     */
    @Override
    public boolean tryLock() {
        return sync.tryAcquire(1);
    }

    /**
     * Acquires the lock in FIFO order if that happens within {@code time}.
     *
     * @return {@code true} if acquired; {@code false} if the time elapsed first (the thread then
     *     leaves the queue), or at once if the caller already holds the lock
     * @throws InterruptedException if interrupted on entry or while waiting; the thread leaves the
     *     queue without the lock
     * @throws IllegalArgumentException if {@code unit} is null
     */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        if (unit == null) {
            throw new IllegalArgumentException("unit cannot be null in QLock.tryLock(" + time
                    + ", null): pass a TimeUnit such as TimeUnit.MILLISECONDS");
        }
        if (sync.isHeldExclusively()) {
            return false;
        }
        return sync.tryAcquireNanos(1, unit.toNanos(time));
    }

    /**
     * Releases the lock; the longest-waiting thread, if any, gets it next.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock (including
     *     a second {@code unlock()} after one {@code lock()})
     */
    @Override
    public void unlock() {
        sync.release(1);
    }

    /**
     * A condition bound to this lock. {@code await} releases the lock and, once signalled, the
     * thread queues for it again behind the threads already waiting; calling its methods without
     * holding the lock throws {@link IllegalMonitorStateException}.
     */
    @Override
    public Condition newCondition() {
        return sync.newCondition();
    }

    /** The number of threads waiting for the lock; an estimate while threads come and go, like lox's {@code len(qlock)}. */
    public int waiting() {
        return sync.getQueueLength();
    }

    /** Whether some thread holds the lock, like lox's {@code qlock.locked}. */
    public boolean isLocked() {
        return sync.isLocked();
    }

    /** Whether the calling thread holds the lock. */
    public boolean isHeldByCurrentThread() {
        return sync.isHeldExclusively();
    }

    @Override
    public String toString() {
        Thread owner = sync.owner();
        return super.toString() + (owner == null ? "[unlocked" : "[locked by thread " + owner.getName())
                + ", " + waiting() + " waiting]";
    }
}
