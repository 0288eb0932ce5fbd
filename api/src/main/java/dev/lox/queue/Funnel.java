package dev.lox.queue;

import dev.lox.internal.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Joins parts from many inputs into whole jobs: each {@link Input} puts its part of a job under the
 * job's id, and once every input has put its part, the job comes out of {@link #get()} as one
 * {@link Result} holding the parts in subscribe order. It is lox's {@code Funnel}.
 *
 * <pre>{@code
 * Funnel<String> funnel = new Funnel<>();
 * Funnel.Input<String> a = funnel.subscribe(), b = funnel.subscribe();
 * a.put("foo", 42);
 * funnel.poll(Duration.ofMillis(10));   // null: b has not put its part of job 42
 * b.put("bar", 42);
 * Funnel.Result<String> r = funnel.get();
 * r.jobId();   // 42
 * r.items();   // [foo, bar]
 * }</pre>
 *
 * <p>Job ids are any non-null objects compared with {@code equals}/{@code hashCode} (lox: any
 * hashable). Jobs come out in the order they were completed. A job needs a part from every input
 * subscribed when it completes, so an input that subscribes while a job is partly put must put its
 * part of that job too. Each input puts one part per job: a second part for a job still being
 * joined is refused (lox overwrote the first, silently losing it). Parts may be null.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before it puts a part
 * <i>happen-before</i> the actions of the thread after it receives the completed job from
 * {@link #get()} or {@link #poll(Duration)}.
 *
 * @param <T> the type of the parts
 */
public final class Funnel<T> {
    /** Guards inputs and jobs; the results queue has its own locking. */
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Input<T>> inputs = new ArrayList<>();
    /** Jobs being joined: job id to the parts put so far, indexed by input. */
    private final Map<Object, Parts> jobs = new HashMap<>();
    private final LinkedBlockingQueue<Result<T>> done = new LinkedBlockingQueue<>();

    /** The parts of one job; {@code present[i]} says whether input i has put its part. */
    private static final class Parts {
        Object[] items = new Object[0];
        boolean[] present = new boolean[0];
        int count;
    }

    /** Creates a funnel with no inputs. */
    public Funnel() {
    }

    /**
     * Adds an input; every job then needs a part from it.
     *
     * @return the input, whose {@link Input#index()} is its position in each {@link Result#items()}
     */
    public Input<T> subscribe() {
        lock.lock();
        try {
            Input<T> input = new Input<>(this, inputs.size());
            inputs.add(input);
            return input;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the next completed job, waiting until one is complete.
     *
     * @throws InterruptedException if interrupted on entry or while waiting; nothing is taken
     */
    public Result<T> get() throws InterruptedException {
        return done.take();
    }

    /**
     * Takes the next completed job if one completes within {@code timeout}.
     *
     * @return the job, or {@code null} if the timeout elapsed first (a zero or negative timeout does
     *     not wait)
     * @throws InterruptedException if interrupted on entry or while waiting; nothing is taken
     * @throws IllegalArgumentException if {@code timeout} is null
     */
    public Result<T> poll(Duration timeout) throws InterruptedException {
        return done.poll(Timeouts.nanos(timeout, "Funnel.poll"), TimeUnit.NANOSECONDS);
    }

    /** The number of inputs, like lox's {@code len(funnel)}. */
    public int inputs() {
        lock.lock();
        try {
            return inputs.size();
        } finally {
            lock.unlock();
        }
    }

    /** The number of jobs some but not all inputs have put a part of (lox's {@code funnel.d}). */
    public int pendingJobs() {
        lock.lock();
        try {
            return jobs.size();
        } finally {
            lock.unlock();
        }
    }

    @SuppressWarnings("unchecked")
    private void put(int index, T item, Object jobId) {
        lock.lock();
        try {
            Parts parts = jobs.computeIfAbsent(jobId, id -> new Parts());
            int n = inputs.size();
            if (parts.items.length < n) {
                // Inputs subscribed since this job began: the job waits for their parts too, as in lox.
                parts.items = Arrays.copyOf(parts.items, n);
                parts.present = Arrays.copyOf(parts.present, n);
            }
            if (parts.present[index]) {
                throw new IllegalStateException("Funnel input " + index + " put a second part for job " + jobId
                        + " before the job was complete: each input puts one part per job; use a new job id"
                        + " for new work");
            }
            parts.items[index] = item;
            parts.present[index] = true;
            if (++parts.count == n) {
                jobs.remove(jobId);
                done.add(new Result<>(jobId, (List<T>) Collections.unmodifiableList(Arrays.asList(parts.items))));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return super.toString() + "[" + inputs() + " inputs, " + pendingJobs() + " jobs being joined, "
                + done.size() + " complete]";
    }

    /** One input of a {@link Funnel}: it puts its part of each job. */
    public static final class Input<T> {
        private final Funnel<T> funnel;
        private final int index;

        private Input(Funnel<T> funnel, int index) {
            this.funnel = funnel;
            this.index = index;
        }

        /** This input's position in each {@link Result#items()}: 0 for the first subscribed. */
        public int index() {
            return index;
        }

        /**
         * Puts this input's part of job {@code jobId}; if it was the last part missing, the job is
         * complete and can be taken from the funnel. Never blocks (beyond a brief internal lock).
         *
         * @throws IllegalArgumentException if {@code jobId} is null
         * @throws IllegalStateException if this input already put a part of that job and the job is
         *     not yet complete
         */
        public void put(T item, Object jobId) {
            if (jobId == null) {
                throw new IllegalArgumentException("Funnel input " + index + ": put(" + item + ", null): the job id"
                        + " cannot be null; pass the same non-null id (a String, Long, UUID...) from every input"
                        + " for parts of one job");
            }
            funnel.put(index, item, jobId);
        }

        @Override
        public String toString() {
            return "Funnel.Input[" + index + "]";
        }
    }

    /** A completed job: its id and one part from each input, in subscribe order. */
    public static final class Result<T> {
        private final Object jobId;
        private final List<T> items;

        private Result(Object jobId, List<T> items) {
            this.jobId = jobId;
            this.items = items;
        }

        /** The job id the inputs put their parts under. */
        public Object jobId() {
            return jobId;
        }

        /** The parts, unmodifiable, in subscribe order: {@code items().get(i)} came from input {@code i}. */
        public List<T> items() {
            return items;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result<?> r && jobId.equals(r.jobId) && items.equals(r.items);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, items);
        }

        @Override
        public String toString() {
            return "Funnel.Result[jobId=" + jobId + ", items=" + items + "]";
        }
    }
}
