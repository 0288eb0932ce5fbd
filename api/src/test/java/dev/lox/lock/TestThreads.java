package dev.lox.lock;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Threads for the lock and queue tests, with every wait bounded: a stuck primitive fails the test
 * with a message instead of hanging the build. Each test class is also annotated
 * {@code @Timeout(value = 60, threadMode = SEPARATE_THREAD)}, so that a blocking call the test
 * thread makes itself (an uninterruptible {@code lock()} included) cannot hang the build either.
 * Public so that the {@code dev.lox.queue} tests share it.
 */
public final class TestThreads {
    /** The longest any test waits for anything; far above what a passing run needs on 2 busy cores. */
    public static final long BOUND_SECONDS = 20;

    private TestThreads() {
    }

    /** A body that may throw, run on its own thread. */
    @FunctionalInterface
    public interface Body {
        void run(int thread) throws Exception;
    }

    /** A started thread and the outcome of its body. */
    public static final class Started<V> {
        public final Thread thread;
        private final CompletableFuture<V> outcome;

        private Started(Thread thread, CompletableFuture<V> outcome) {
            this.thread = thread;
            this.outcome = outcome;
        }

        /** The body's result, waiting at most {@link #BOUND_SECONDS}; its exception is rethrown as the cause. */
        public V join() throws Exception {
            try {
                return outcome.get(BOUND_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                thread.interrupt();
                throw new AssertionError("thread '" + thread.getName() + "' still running after " + BOUND_SECONDS
                        + " s (state " + thread.getState() + ")", e);
            }
        }

        /** The exception the body threw, waiting at most {@link #BOUND_SECONDS}; fails if it returned normally. */
        public Throwable failure() throws Exception {
            try {
                V v = join();
                throw new AssertionError("thread '" + thread.getName() + "' returned " + v + " instead of throwing");
            } catch (ExecutionException e) {
                return e.getCause();
            }
        }

        public boolean isDone() {
            return outcome.isDone();
        }

        /** Waits until the thread is parked or blocked (in the primitive under test, by construction). */
        public Started<V> awaitBlocked() {
            awaitCondition("thread '" + thread.getName() + "' to block", () -> {
                Thread.State s = thread.getState();
                return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED
                        || outcome.isDone();
            });
            if (outcome.isDone()) {
                fail("thread '" + thread.getName() + "' finished instead of blocking: " + outcome);
            }
            return this;
        }
    }

    /** Starts {@code body} on a new daemon thread. */
    public static <V> Started<V> start(String name, Callable<V> body) {
        CompletableFuture<V> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                outcome.complete(body.call());
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return new Started<>(t, outcome);
    }

    /** Polls {@code condition} (yielding, as the JSR-166 TCK does) for at most {@link #BOUND_SECONDS}. */
    public static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("gave up waiting for " + what + " after " + BOUND_SECONDS + " s");
            }
            Thread.yield();
        }
    }

    /**
     * Runs {@code body} on {@code threads} threads released together by a barrier, and rethrows the
     * first failure (others suppressed); fails if any thread is still running after the bound.
     */
    public static void concurrently(int threads, Body body) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Started<Void>> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int id = i;
            started.add(start("worker-" + i, () -> {
                start.await(BOUND_SECONDS, TimeUnit.SECONDS);
                body.run(id);
                return null;
            }));
        }
        Throwable first = null;
        for (Started<Void> s : started) {
            try {
                s.join();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause();
                } else {
                    first.addSuppressed(e.getCause());
                }
            }
        }
        if (first instanceof Exception e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
    }
}
