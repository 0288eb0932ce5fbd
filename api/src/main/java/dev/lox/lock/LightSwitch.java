package dev.lox.lock;

import dev.lox.internal.Timeouts;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Holds a lock while anyone is inside: the first occupant to {@link #enter()} locks it, the last
 * one to leave unlocks it, as the first person into a room turns the light on and the last one out
 * turns it off. Occupants share the room; whoever else takes the lock directly (the janitor) waits
 * until the room is empty, and while the janitor holds it, new occupants wait. It is lox's
 * {@code LightSwitch}.
 *
 * <pre>{@code
 * Lock cleaning = new StampedLock().asWriteLock();   // any thread may unlock it
 * LightSwitch restroom = new LightSwitch(cleaning);
 *
 * // people: many at once
 * try (LightSwitch.Guard g = restroom.enter()) { use(); }
 *
 * // janitor: alone, once the room is empty
 * cleaning.lock();
 * try { clean(); } finally { cleaning.unlock(); }
 * }</pre>
 *
 * <p><b>The lock must allow any thread to unlock it</b>, because the last occupant out is often
 * not the first one in, as {@code new StampedLock().asWriteLock()} allows. Owner-bound locks ({@link ReentrantLock}, the locks of
 * {@link ReentrantReadWriteLock}, {@link QLock}) are refused by the constructor, since they would
 * fail with {@code IllegalMonitorStateException} on some later exit.
 *
 * <p><b>Fairness.</b> None toward the janitor: a steady stream of occupants keeps the room
 * occupied and the janitor waiting forever. Use {@link RWLock} when the exclusive side must not
 * starve.
 *
 * <p><b>Memory consistency effects:</b> actions of an occupant before it closes its guard
 * <i>happen-before</i> the actions of a thread that then acquires the lock once the room is empty,
 * and actions of a thread before it unlocks the lock <i>happen-before</i> those of the next
 * occupant to enter.
 */
public final class LightSwitch {
    private final Lock lock;
    /**
     * Serialises entries and exits, and is held by the first occupant while it waits for the lock,
     * so that later occupants do not slip in before the room is really locked.
     */
    private final ReentrantLock counterLock = new ReentrantLock();
    private volatile int occupants;

    /**
     * Creates a light switch over {@code lock}.
     *
     * @throws IllegalArgumentException if {@code lock} is null, or is a lock that only its owner
     *     may unlock
     */
    public LightSwitch(Lock lock) {
        if (lock == null) {
            throw new IllegalArgumentException("lock cannot be null in new LightSwitch(lock): pass the lock the"
                    + " first occupant should take, e.g. new StampedLock().asWriteLock()");
        }
        if (lock instanceof ReentrantLock || lock instanceof ReentrantReadWriteLock.WriteLock
                || lock instanceof ReentrantReadWriteLock.ReadLock || lock instanceof QLock) {
            throw new IllegalArgumentException("new LightSwitch(" + lock.getClass().getName() + "): that lock may"
                    + " only be unlocked by the thread that locked it, but a LightSwitch's last occupant out"
                    + " unlocks what its first occupant in locked; pass a lock any thread may unlock, such as"
                    + " new StampedLock().asWriteLock()");
        }
        this.lock = lock;
    }

    /**
     * Enters, locking the lock if the room was empty; waits while another holder of the lock (the
     * janitor) has it.
     *
     * @return the guard whose {@link Guard#close()} leaves
     * @throws InterruptedException if interrupted on entry or while waiting; the caller has not
     *     entered
     */
    public Guard enter() throws InterruptedException {
        counterLock.lockInterruptibly();
        try {
            if (occupants == 0) {
                lock.lockInterruptibly();
            }
            occupants++;
        } finally {
            counterLock.unlock();
        }
        return new Guard();
    }

    /**
     * Enters if that is possible within {@code timeout}.
     *
     * @return the guard, or {@code null} if the timeout elapsed first (the caller has not entered)
     * @throws InterruptedException if interrupted on entry or while waiting; the caller has not
     *     entered
     * @throws IllegalArgumentException if {@code timeout} is null
     */
    public Guard tryEnter(Duration timeout) throws InterruptedException {
        long nanos = Timeouts.nanos(timeout, "LightSwitch.tryEnter");
        long deadline = System.nanoTime() + nanos;
        if (!counterLock.tryLock(nanos, TimeUnit.NANOSECONDS)) {
            return null;
        }
        try {
            if (occupants == 0 && !lock.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                return null;
            }
            occupants++;
        } finally {
            counterLock.unlock();
        }
        return new Guard();
    }

    /** The number of occupants now, like lox's {@code len(light_switch)}. */
    public int occupants() {
        return occupants;
    }

    private void exit() {
        // Not interruptible: leaving must always complete, or the lock would stay held forever.
        counterLock.lock();
        try {
            if (--occupants == 0) {
                try {
                    lock.unlock();
                } catch (IllegalMonitorStateException e) {
                    IllegalMonitorStateException explained = new IllegalMonitorStateException("LightSwitch: the last"
                            + " occupant out (thread '" + Thread.currentThread().getName() + "') could not unlock "
                            + lock + ", which the first occupant in locked; that lock lets only its owner unlock it:"
                            + " build the LightSwitch on a lock any thread may unlock, such as"
                            + " new StampedLock().asWriteLock()");
                    explained.initCause(e);
                    throw explained;
                }
            }
        } finally {
            counterLock.unlock();
        }
    }

    @Override
    public String toString() {
        return super.toString() + "[" + occupants + " occupants]";
    }

    /** One occupant's stay in a {@link LightSwitch}; closing it leaves. */
    public final class Guard implements AutoCloseable {
        private final AtomicBoolean left = new AtomicBoolean();

        private Guard() {
        }

        /**
         * Leaves; the last occupant out unlocks the lock. Any thread may close a guard, once.
         *
         * @throws IllegalStateException if this guard was already closed
         */
        @Override
        public void close() {
            if (!left.compareAndSet(false, true)) {
                throw new IllegalStateException("LightSwitch guard closed twice: each enter() is left once;"
                        + " close the guard in one place (try-with-resources does it for you)");
            }
            exit();
        }
    }
}
