package dev.lox.internal;

import dev.lox.function.Fn0;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * One call on a thread pool: the future the caller holds is also the task the pool runs, so a
 * scatter costs one object more than the caller's own arguments.
 *
 * <p><b>Waiting on a pool's own thread.</b> A call that waits for calls of its own pool (a method on
 * {@code thread(1)} that scatters to itself and calls {@code get()}, a recursive method that
 * gathers) would wait forever for a thread that is itself. So a thread of a lox pool that waits —
 * {@code get}, {@code join}, a handle's or a region's gather — for a call still queued runs that call
 * itself, as {@code ForkJoinPool} does: whoever claims the call first (the pool or a waiting thread,
 * one atomic claim) runs it, and the other never does. The waiting call is paused at its wait
 * meanwhile, so a pool of {@code n} threads still runs at most {@code n} calls at a time. For a call
 * queued on <em>another</em> pool the waiting thread lets that pool run it, unless every thread of
 * that pool is itself waiting (two methods that wait for each other's calls): then it runs it too.
 * A wait that can never end — a call waiting for itself, or a cycle of calls waiting for each other
 * on different threads — throws {@link IllegalStateException} naming the method, instead of hanging.
 * Threads that are not a lox pool's (the application's own) wait as usual.
 *
 * <p><b>Calls scattered while this call runs</b> on handles are kept with it (see
 * {@link PendingCalls}): a gather inside this call takes only them, and those it did not gather are
 * handed to their handle's pending calls just before this call completes.
 */
final class ScatteredCall<R> extends CompletableFuture<R> implements Runnable {
    /**
     * A completion the gatherer did not hear of (a caller's own cancel) costs at most this. (Waking
     * the gatherer from overrides of complete/cancel instead, with a long recheck, was measured side
     * by side: 10,000 trivial calls on 2 threads went from 0.88x to 1.10x the ExecutorService loop,
     * medians of 6 alternating JMH rounds. A 1 ms park costs a gather a wake-up a millisecond.)
     */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Longer chains of waits than this are not followed when looking for a cycle. */
    private static final int MAX_CYCLE = 1_000;
    private static final VarHandle TASK_OR_RUNNER;
    /** What the call's field holds once claimed by a thread that is not a lox pool's (never an {@link Fn0}). */
    private static final Object CLAIMED = new Object();

    static {
        try {
            TASK_OR_RUNNER = MethodHandles.lookup().findVarHandle(ScatteredCall.class, "taskOrRunner", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ThreadCallPool pool;
    /**
     * The call (an {@link Fn0}) until a thread claims it, the pool's or a waiting one; from then on
     * that thread (a {@link PoolThread}, a final class that is no {@code Fn0}; else {@link #CLAIMED}),
     * read by threads looking for a cycle of waits. One field for both, through
     * TASK_OR_RUNNER: the claim lets the call's arguments go and names its runner in one atomic
     * step, and each call costs 8 bytes less than with two fields (40 to 32 bytes a call).
     */
    @SuppressWarnings("unused") // through TASK_OR_RUNNER
    private Object taskOrRunner;
    private volatile Thread gatherer;

    ScatteredCall(Fn0<R> task, ThreadCallPool pool) {
        this.taskOrRunner = task;
        this.pool = pool;
    }

    /** Run by the pool: the call, unless a waiting thread already claimed it. */
    @Override
    public void run() {
        PoolThread me = PoolThread.current();
        Fn0<R> t = claim(me);
        if (t == null) {
            return; // a waiting thread of some pool ran it
        }
        execute(t, me);
    }

    /** Whether the pool or a waiting thread has taken the call to run it. */
    boolean isClaimed() {
        return !(TASK_OR_RUNNER.getAcquire(this) instanceof Fn0);
    }

    /** Takes the call for {@code claimer} (null: not a lox pool's thread) to run; null if another thread took it first. */
    @SuppressWarnings("unchecked")
    private Fn0<R> claim(PoolThread claimer) {
        Object task = TASK_OR_RUNNER.getAcquire(this);
        // The field changes once, from the call to its runner, so one compare-and-set decides.
        return task instanceof Fn0 && TASK_OR_RUNNER.compareAndSet(this, task, claimer != null ? claimer : CLAIMED)
                ? (Fn0<R>) task : null;
    }

    private void execute(Fn0<R> t, PoolThread thread) {
        if (isDone()) {
            return; // cancelled by the caller before it started
        }
        CallScope outer = null;
        if (thread != null) {
            outer = CallScope.enter(thread);
        }
        R result = null;
        Throwable failure = null;
        try {
            result = t.apply();
        } catch (Throwable e) {
            failure = e;
        }
        if (thread != null) {
            CallScope.exit(thread, outer); // first: whoever sees this call done sees the calls it left on handles
        }
        if (failure == null) {
            complete(result);
        } else {
            completeExceptionally(failure);
        }
        Thread waiting = gatherer;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /**
     * Waits until the call is done, parking at once. {@code CompletableFuture.get} spins first, which
     * on a machine with fewer cores than pool threads takes the CPU from the very threads the
     * gatherer waits for. On a lox pool's thread, see the class comment.
     */
    void awaitDone() throws InterruptedException {
        if (isDone()) {
            return;
        }
        PoolThread me = PoolThread.current();
        if (me != null) {
            awaitOnPoolThread(me, Long.MAX_VALUE, true);
            return;
        }
        gatherer = Thread.currentThread();
        try {
            while (!isDone()) {
                LockSupport.parkNanos(this, RECHECK_NANOS);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            gatherer = null;
        }
    }

    @Override
    public R get() throws InterruptedException, ExecutionException {
        PoolThread me = PoolThread.current();
        if (me != null && !isDone()) {
            awaitOnPoolThread(me, Long.MAX_VALUE, true);
        }
        return super.get();
    }

    @Override
    public R get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        PoolThread me = PoolThread.current();
        if (me == null || isDone()) {
            try {
                return super.get(timeout, unit);
            } catch (TimeoutException e) {
                throw timedOut(timeout, unit);
            }
        }
        long nanos = unit.toNanos(timeout);
        long now = System.nanoTime();
        long deadline = nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE - 1 : now + nanos;
        if (!awaitOnPoolThread(me, deadline, true)) {
            throw timedOut(timeout, unit);
        }
        return super.get();
    }

    @Override
    public R join() {
        PoolThread me = PoolThread.current();
        if (me != null && !isDone()) {
            try {
                awaitOnPoolThread(me, Long.MAX_VALUE, false);
            } catch (InterruptedException impossible) {
                throw new AssertionError(impossible);
            }
        }
        return super.join();
    }

    private TimeoutException timedOut(long timeout, TimeUnit unit) {
        return new TimeoutException("a call of " + pool.name() + " was not done after " + timeout + " "
                + unit.name().toLowerCase() + "; it runs on, and get() or gather() can wait for it again");
    }

    /**
     * The wait of a pool thread: runs this call here if it may (see the class comment), else parks
     * until it is done, the deadline passes ({@code Long.MAX_VALUE}: none) or a cycle of waits shows.
     *
     * @return false if the deadline passed first
     * @throws InterruptedException if {@code interruptible} and the thread is interrupted; otherwise
     *     the interrupt status is kept for after the wait
     */
    private boolean awaitOnPoolThread(PoolThread me, long deadline, boolean interruptible) throws InterruptedException {
        boolean interrupted = false;
        ScatteredCall<?> waitedFor = me.waitingFor; // a wait inside a call this thread runs within a wait
        me.pool.startWaiting();
        try {
            while (!isDone()) {
                if (Thread.interrupted()) {
                    if (interruptible) {
                        throw new InterruptedException();
                    }
                    interrupted = true;
                }
                if (runHereIfStuck(me)) {
                    continue;
                }
                long left = deadline == Long.MAX_VALUE ? RECHECK_NANOS : deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (deadline == Long.MAX_VALUE) {
                    // Only an unbounded wait can be part of a deadlock; a timed one ends by itself.
                    me.waitingFor = this;
                    failOnCycle(me);
                }
                gatherer = me;
                LockSupport.parkNanos(this, Math.min(left, RECHECK_NANOS));
            }
            return true;
        } finally {
            gatherer = null;
            me.waitingFor = waitedFor;
            me.pool.stopWaiting();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Claims and runs this call in {@code me} if it is still queued and no other thread will take it:
     * it is queued on {@code me}'s own pool, or on a pool whose every thread is waiting.
     */
    private boolean runHereIfStuck(PoolThread me) {
        if (isClaimed() || (me.pool != pool && !pool.isStalled())) {
            return false;
        }
        Fn0<R> t = claim(me);
        if (t == null) {
            return false;
        }
        ScatteredCall<?> waitedFor = me.waitingFor;
        me.waitingFor = null;
        me.pool.stopWaiting();
        // The call runs as on a fresh thread of its pool: outside the regions this thread is in.
        GatherRegion regions = GatherRegion.suspend();
        try {
            execute(t, me);
        } finally {
            GatherRegion.resume(regions);
            me.pool.startWaiting();
            me.waitingFor = waitedFor;
        }
        return true;
    }

    /**
     * Throws if this wait closes a cycle: the call waited for is run by a thread that waits, with no
     * deadline, for a call run by ... this thread. Every thread on the cycle is parked for good then,
     * so the edges read here are stable; a chain still moving ends at a call not yet claimed or a
     * thread not waiting.
     */
    private void failOnCycle(PoolThread me) {
        ScatteredCall<?> call = this;
        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < MAX_CYCLE && call != null && !call.isDone(); i++) {
            if (!(TASK_OR_RUNNER.getAcquire(call) instanceof PoolThread runner)) {
                return; // not claimed yet, or not run on a lox pool's thread
            }
            if (runner == me) {
                throw new IllegalStateException(i == 0
                        ? "lox: thread " + me.getName() + " waits for a call of " + pool.name()
                                + " that it is running itself, so the wait can never end: a call must not wait"
                                + " for its own future, nor for a call that runs it"
                        : "lox: thread " + me.getName() + " waits for a call of " + pool.name() + chain
                                + ", that this thread runs: a cycle of waits that can never end; a call must not"
                                + " wait, directly or through other calls, for a call that waits for it");
            }
            chain.append(" that thread ").append(runner.getName()).append(" runs, which waits for a call of ");
            call = runner.waitingFor;
            chain.append(call == null ? "?" : call.pool.name());
        }
    }
}
