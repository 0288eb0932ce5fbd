package dev.lox.internal;

import dev.lox.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The calls scattered since the last gather, in scatter order, and the one gather that serves
 * handles and gather regions alike: wait for every call, return the results in scatter order, and
 * if any failed throw the first failure in scatter order, with each other distinct failure
 * suppressed in it once ({@link GatherFailures}). Every call's own failure stays in its future:
 * nothing is silently lost.
 *
 * <p>Thread-safe: calls may be scattered from any thread, and a gather takes the calls scattered
 * before it started. A handle's calls scattered by a running lox call (on a pool's thread, or
 * inline) are that call's own (a recursive method that scatters and gathers gets its own calls
 * back, not its siblings'): a gather inside the call takes only them, and those it leaves are added
 * to the shared list just before the call completes (see {@link CallScope}).
 */
public final class PendingCalls {
    private final String name;
    private final boolean perRunningCall;
    private final Runnable onFirstCall;
    private final Runnable onEmptied;
    private ArrayList<CompletableFuture<?>> calls = new ArrayList<>();
    /**
     * How many calls the last gather of the shared list took: the next batch's list is made that
     * large at its first call, not grown to it by copying (a loop that scatters the same batch again
     * and again then allocates one array a batch). Nothing is held between batches.
     */
    private int lastBatch;

    /**
     * A region's {@code onFirstCall} and {@code onEmptied}. A class, not a lambda: a JVM's first
     * region runs this at start-up, where each lambda costs its first use a class spun by
     * {@code LambdaMetafactory} (docs/benchmarks.md, the start-up section).
     */
    private static final Runnable NOTHING = new Runnable() {
        @Override
        public void run() {
        }
    };

    private PendingCalls(String name, boolean perRunningCall, Runnable onFirstCall, Runnable onEmptied) {
        this.name = name;
        this.perRunningCall = perRunningCall;
        this.onFirstCall = onFirstCall;
        this.onEmptied = onEmptied;
    }

    /**
     * A handle's pending calls.
     *
     * @param name the handle's method, for messages
     * @param onFirstCall run when the shared list goes from empty to one call (under the list's lock)
     * @param onEmptied run when a gather empties the shared list (under the list's lock)
     */
    public PendingCalls(String name, Runnable onFirstCall, Runnable onEmptied) {
        this(name, true, onFirstCall, onEmptied);
    }

    /** A gather region's calls: a region belongs to one thread, so none are kept per running call. */
    static PendingCalls forRegion(String name) {
        return new PendingCalls(name, false, NOTHING, NOTHING);
    }

    public void add(CompletableFuture<?> call) {
        CallScope scope = perRunningCall ? CallScope.current() : null;
        if (scope != null) {
            scope.calls(this).add(call);
            return;
        }
        synchronized (this) {
            if (calls.isEmpty()) {
                onFirstCall.run();
                calls.ensureCapacity(lastBatch);
            }
            calls.add(call);
        }
    }

    /** The calls a running call scattered here and did not gather, as it completes. */
    synchronized void addLeftOver(List<CompletableFuture<?>> leftOver) {
        if (leftOver.isEmpty()) {
            return;
        }
        if (calls.isEmpty()) {
            onFirstCall.run();
        }
        calls.addAll(leftOver);
    }

    public int size() {
        CallScope scope = perRunningCall ? CallScope.current() : null;
        if (scope != null) {
            return scope.count(this);
        }
        synchronized (this) {
            return calls.size();
        }
    }

    private List<CompletableFuture<?>> takeAll() {
        CallScope scope = perRunningCall ? CallScope.current() : null;
        return scope != null ? scope.take(this) : takeShared();
    }

    private synchronized List<CompletableFuture<?>> takeShared() {
        ArrayList<CompletableFuture<?>> taken = calls;
        calls = new ArrayList<>(); // allocates nothing until its first call
        lastBatch = taken.size();
        if (!taken.isEmpty()) {
            onEmptied.run();
        }
        return taken;
    }

    /** A timed-out gather leaves its calls pending, ahead of any scattered since. */
    private void putBack(List<CompletableFuture<?>> taken) {
        if (taken.isEmpty()) {
            return;
        }
        CallScope scope = perRunningCall ? CallScope.current() : null;
        if (scope != null) {
            scope.calls(this).addAll(0, taken);
            return;
        }
        synchronized (this) {
            putBackShared(taken);
        }
    }

    private void putBackShared(List<CompletableFuture<?>> taken) {
        if (calls.isEmpty()) {
            onFirstCall.run();
        }
        calls.addAll(0, taken);
    }

    /** Waits for every pending call; see the class comment. */
    public <R> List<R> gather(Progress progress) {
        Object event = LoxEvents.beginGather();
        List<CompletableFuture<?>> taken = takeAll();
        try {
            awaitOrPutBack(taken, progress, Long.MAX_VALUE);
        } catch (TimeoutException impossible) {
            throw new AssertionError(impossible);
        }
        return results(taken, null, event);
    }

    /**
     * As {@link #gather(Progress)}, but gives up after {@code timeoutNanos} with
     * {@link TimeoutException} and leaves the calls pending.
     */
    public <R> List<R> gather(long timeoutNanos) throws TimeoutException {
        Object event = LoxEvents.beginGather();
        List<CompletableFuture<?>> taken = takeAll();
        try {
            awaitOrPutBack(taken, null, timeoutNanos);
        } catch (TimeoutException e) {
            long notDone = taken.stream().filter(call -> !call.isDone()).count();
            TimeoutException described = new TimeoutException("gather of " + name + " timed out after "
                    + Timeouts.describe(timeoutNanos) + ": " + notDone + " of " + taken.size()
                    + " calls not done; all " + taken.size() + " stay pending, and a later gather returns them");
            described.setStackTrace(e.getStackTrace());
            throw described;
        }
        return results(taken, null, event);
    }

    /**
     * Waits for every pending call and returns the failure to throw, or null. Used by gather
     * regions: if the region's own code threw {@code primary}, that wins and the calls' failures
     * are added to it as suppressed.
     */
    public Throwable gatherForRegion(Throwable primary) {
        Object event = LoxEvents.beginGather();
        List<CompletableFuture<?>> taken = takeAll();
        // A region cannot leave its calls pending (it is gone once left), so an interrupt does not
        // end the wait: it waits for every call, then keeps the thread's interrupt status.
        boolean interrupted = false;
        IllegalStateException neverEnds = null;
        List<CompletableFuture<?>> done = taken;
        Semaphore lent = PermitLoan.lend(); // a bounded virtual call lends its permit while it waits
        for (CompletableFuture<?> call : taken) {
            while (true) {
                try {
                    awaitOne(call, Long.MAX_VALUE);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (IllegalStateException e) {
                    // A wait that can never end (see ScatteredCall): report it with what did end.
                    neverEnds = neverEnds == null ? e : neverEnds;
                    break;
                } catch (TimeoutException impossible) {
                    throw new AssertionError(impossible);
                }
            }
        }
        PermitLoan.takeBack(lent);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable thrown = primary;
        if (neverEnds != null) {
            done = taken.stream().filter(CompletableFuture::isDone).toList();
            if (primary == null) {
                thrown = neverEnds;
            } else {
                primary.addSuppressed(neverEnds);
            }
        }
        try {
            results(done, thrown, event);
        } catch (Throwable failure) {
            return failure;
        }
        return thrown;
    }

    /**
     * Waits; on timeout or interrupt the calls go back to the pending list, so nothing is lost. An
     * interrupt keeps the thread's interrupt status and throws {@link CancellationException}. A
     * {@link Progress} that throws ends the gather with its own exception, and the calls go back too.
     */
    private void awaitOrPutBack(List<CompletableFuture<?>> taken, Progress progress, long timeoutNanos)
            throws TimeoutException {
        Semaphore lent = PermitLoan.lend();
        try {
            awaitAll(taken, progress, timeoutNanos);
        } catch (RuntimeException | Error e) {
            putBack(taken);
            throw e;
        } catch (TimeoutException e) {
            putBack(taken);
            throw e;
        } catch (InterruptedException e) {
            putBack(taken);
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while gathering " + name
                    + "; its " + taken.size() + " calls run on and stay pending");
        } finally {
            PermitLoan.takeBack(lent);
        }
    }

    private void awaitAll(List<CompletableFuture<?>> taken, Progress progress, long timeoutNanos)
            throws TimeoutException, InterruptedException {
        long now = System.nanoTime();
        long deadline = timeoutNanos >= Long.MAX_VALUE - Math.max(0, now) ? Long.MAX_VALUE : now + timeoutNanos;
        if (progress == null) {
            for (CompletableFuture<?> call : taken) {
                awaitOne(call, deadline);
            }
            return;
        }
        // Progress is reported in completion order, from this thread only.
        LinkedBlockingQueue<Boolean> completions = new LinkedBlockingQueue<>();
        for (CompletableFuture<?> call : taken) {
            call.whenComplete((result, failure) -> completions.add(Boolean.TRUE));
        }
        progress.start(taken.size());
        try {
            int done = 0;
            if (PoolThread.current() != null) {
                // A pool thread must not block where it cannot run a call it waits for: it waits on
                // each call (see ScatteredCall), reporting the completions seen meanwhile.
                for (CompletableFuture<?> call : taken) {
                    awaitOne(call, Long.MAX_VALUE);
                    for (; completions.poll() != null; done++) {
                        progress.advance(1);
                    }
                }
            }
            for (; done < taken.size(); done++) {
                completions.take();
                progress.advance(1);
            }
        } finally {
            progress.finish();
        }
    }

    private static void awaitOne(CompletableFuture<?> call, long deadline) throws TimeoutException, InterruptedException {
        if (call.isDone()) {
            return;
        }
        try {
            if (deadline == Long.MAX_VALUE && call instanceof ScatteredCall<?> scattered) {
                scattered.awaitDone();
            } else if (deadline == Long.MAX_VALUE) {
                call.get();
            } else {
                call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | CancellationException e) {
            // the failure is collected, in scatter order, once every call is done
        }
    }

    /** @param event the gather's {@code dev.lox.Gather} event from {@link LoxEvents#beginGather}, or null */
    @SuppressWarnings("unchecked")
    private <R> List<R> results(List<CompletableFuture<?>> taken, Throwable primary, Object event) {
        Object[] results = new Object[taken.size()];
        GatherFailures failures = null;
        for (int i = 0; i < results.length; i++) {
            CompletableFuture<?> call = taken.get(i);
            Throwable failure = failureOf(call);
            if (failure == null) {
                results[i] = call.getNow(null);
                continue;
            }
            if (failures == null) {
                failures = new GatherFailures(name, i, results.length);
            }
            failures.add(failure);
        }
        if (failures == null) {
            LoxEvents.endGather(event, name, results.length, 0);
            if (primary != null) {
                throw sneaky(primary);
            }
            return (List<R>) Arrays.asList(results);
        }
        LoxEvents.endGather(event, name, results.length, failures.count());
        throw sneaky(failures.toThrow(primary));
    }

    /** The exception a completed call failed with, unwrapped, or null if it succeeded. */
    static Throwable failureOf(CompletableFuture<?> call) {
        if (!call.isCompletedExceptionally()) {
            return null;
        }
        try {
            call.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (CancellationException e) {
            return e;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
