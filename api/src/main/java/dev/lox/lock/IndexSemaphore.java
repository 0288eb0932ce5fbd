package dev.lox.lock;

import dev.lox.internal.Timeouts;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bounded semaphore whose permits are numbered: each acquire hands out one index from
 * {@code 0..n-1}, and no index is held by two permits at once. Use it to share {@code n}
 * interchangeable resources (GPUs, connections, scratch buffers) where the holder must know
 * <em>which</em> one it got. It is lox's {@code IndexSemaphore}.
 *
 * <pre>{@code
 * IndexSemaphore gpus = new IndexSemaphore(4);              // indices 0..3
 * try (IndexSemaphore.Permit p = gpus.acquire()) {
 *     train(model, p.index());                              // this thread owns GPU p.index()
 * }
 * }</pre>
 *
 * <p><b>Order.</b> Free indices are handed out first-in, first-out (a new semaphore hands out
 * 0, 1, 2, ...; a released index goes to the back of the line), and waiting threads are served in
 * the order they started waiting.
 *
 * <p>A {@link Permit} may be closed by any thread, but only once: a second
 * {@link Permit#close()} throws {@link IllegalStateException}, so an index can never be released
 * more times than it was acquired.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before closing a permit
 * <i>happen-before</i> actions in the thread whose acquire next returns the same index.
 */
public final class IndexSemaphore {
    private final int size;
    /** The free indices, fair so that waiting threads are served in arrival order. */
    private final ArrayBlockingQueue<Integer> free;

    /**
     * Creates a semaphore of {@code n} indices, {@code 0..n-1}, all free.
     *
     * @throws IllegalArgumentException if {@code n <= 0}
     */
    public IndexSemaphore(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("IndexSemaphore size n must be > 0 but was " + n
                    + ": pass the number of resources to share, e.g. new IndexSemaphore(4) for indices 0..3");
        }
        this.size = n;
        this.free = new ArrayBlockingQueue<>(n, true);
        for (int i = 0; i < n; i++) {
            free.add(i);
        }
    }

    /**
     * Takes a free index, waiting as long as it takes for one.
     *
     * @return the permit, whose {@link Permit#close()} gives the index back
     * @throws InterruptedException if interrupted on entry or while waiting; no index is taken
     */
    public Permit acquire() throws InterruptedException {
        return new Permit(free.take());
    }

    /**
     * Takes a free index if one frees up within {@code timeout}.
     *
     * @return the permit, or {@code null} if the timeout elapsed first (a zero or negative timeout
     *     does not wait)
     * @throws InterruptedException if interrupted on entry or while waiting; no index is taken
     * @throws IllegalArgumentException if {@code timeout} is null
     */
    public Permit tryAcquire(Duration timeout) throws InterruptedException {
        Integer index = free.poll(Timeouts.nanos(timeout, "IndexSemaphore.tryAcquire"), TimeUnit.NANOSECONDS);
        return index == null ? null : new Permit(index);
    }

    /** The number of free indices at this moment, like lox's {@code len(sem)}. */
    public int available() {
        return free.size();
    }

    /** The number of indices, {@code n}. */
    public int size() {
        return size;
    }

    @Override
    public String toString() {
        return super.toString() + "[" + available() + " of " + size + " free]";
    }

    /** One index held from an {@link IndexSemaphore}; closing it gives the index back. */
    public final class Permit implements AutoCloseable {
        private final int index;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(int index) {
            this.index = index;
        }

        /** The index this permit holds, in {@code 0..n-1}. */
        public int index() {
            return index;
        }

        /**
         * Gives the index back to the semaphore. Any thread may close a permit, once.
         *
         * @throws IllegalStateException if the permit was already closed
         */
        @Override
        public void close() {
            if (!released.compareAndSet(false, true)) {
                throw new IllegalStateException("IndexSemaphore permit for index " + index
                        + " released twice: each permit gives its index back once; close it in one place"
                        + " (try-with-resources does it for you)");
            }
            // Cannot fail: the queue has room for all n indices and this one is not in it.
            free.add(index);
        }

        @Override
        public String toString() {
            return "IndexSemaphore.Permit[index " + index + (released.get() ? ", released]" : "]");
        }
    }
}
