package dev.lox.internal;

import dev.lox.Progress;
import dev.lox.ScatterException;
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
 * if any failed throw the first failure in scatter order with the others suppressed. Nothing is
 * silently lost.
 *
 * <p>Thread-safe: calls may be scattered from any thread, and a gather takes the calls scattered
 * before it started.
 */
public final class PendingCalls {
    private final String name;
    private final Runnable onFirstCall;
    private final Runnable onEmptied;
    private ArrayList<CompletableFuture<?>> calls = new ArrayList<>();

    /**
     * @param name the handle or region, for messages
     * @param onFirstCall run when the list goes from empty to one call (under the list's lock)
     * @param onEmptied run when a gather empties the list (under the list's lock)
     */
    public PendingCalls(String name, Runnable onFirstCall, Runnable onEmptied) {
        this.name = name;
        this.onFirstCall = onFirstCall;
        this.onEmptied = onEmptied;
    }

    public PendingCalls(String name) {
        this(name, () -> { }, () -> { });
    }

    public synchronized void add(CompletableFuture<?> call) {
        if (calls.isEmpty()) {
            onFirstCall.run();
        }
        calls.add(call);
    }

    public synchronized int size() {
        return calls.size();
    }

    private synchronized List<CompletableFuture<?>> takeAll() {
        ArrayList<CompletableFuture<?>> taken = calls;
        calls = new ArrayList<>();
        if (!taken.isEmpty()) {
            onEmptied.run();
        }
        return taken;
    }

    /** A timed-out gather leaves its calls pending, ahead of any scattered since. */
    private synchronized void putBack(List<CompletableFuture<?>> taken) {
        if (taken.isEmpty()) {
            return;
        }
        if (calls.isEmpty()) {
            onFirstCall.run();
        }
        calls.addAll(0, taken);
    }

    /** Waits for every pending call; see the class comment. */
    public <R> List<R> gather(Progress progress) {
        List<CompletableFuture<?>> taken = takeAll();
        awaitOrPutBack(taken, progress, Long.MAX_VALUE);
        return results(taken, null);
    }

    /**
     * As {@link #gather(Progress)}, but gives up after {@code timeoutNanos} with
     * {@link TimeoutException} and leaves the calls pending.
     */
    public <R> List<R> gather(long timeoutNanos) throws TimeoutException {
        List<CompletableFuture<?>> taken = takeAll();
        awaitOrPutBack(taken, null, timeoutNanos);
        return results(taken, null);
    }

    /**
     * Waits for every pending call and returns the failure to throw, or null. Used by gather
     * regions: if the region's own code threw {@code primary}, that wins and the calls' failures
     * are added to it as suppressed.
     */
    public Throwable gatherForRegion(Throwable primary) {
        List<CompletableFuture<?>> taken = takeAll();
        // A region cannot leave its calls pending (it is gone once left), so an interrupt does not
        // end the wait: it waits for every call, then keeps the thread's interrupt status.
        boolean interrupted = false;
        Semaphore lent = PermitLoan.lend(); // a bounded virtual call lends its permit while it waits
        for (CompletableFuture<?> call : taken) {
            while (true) {
                try {
                    awaitOne(call, Long.MAX_VALUE);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (TimeoutException impossible) {
                    throw new AssertionError(impossible);
                }
            }
        }
        PermitLoan.takeBack(lent);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        try {
            results(taken, primary);
        } catch (Throwable failure) {
            return failure;
        }
        return primary;
    }

    /**
     * Waits; on timeout or interrupt the calls go back to the pending list, so nothing is lost. An
     * interrupt keeps the thread's interrupt status and throws {@link CancellationException}. A
     * {@link Progress} that throws ends the gather with its own exception, and the calls go back too.
     */
    private void awaitOrPutBack(List<CompletableFuture<?>> taken, Progress progress, long timeoutNanos) {
        Semaphore lent = PermitLoan.lend();
        try {
            awaitAll(taken, progress, timeoutNanos);
        } catch (RuntimeException | Error e) {
            putBack(taken);
            throw e;
        } catch (TimeoutException e) {
            putBack(taken);
            throw sneaky(e);
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
        long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
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
            for (int done = 0; done < taken.size(); done++) {
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

    @SuppressWarnings("unchecked")
    private <R> List<R> results(List<CompletableFuture<?>> taken, Throwable primary) {
        Object[] results = new Object[taken.size()];
        Throwable first = primary;
        int failed = 0;
        for (int i = 0; i < results.length; i++) {
            CompletableFuture<?> call = taken.get(i);
            Throwable failure = failureOf(call);
            if (failure == null) {
                results[i] = call.getNow(null);
                continue;
            }
            failed++;
            if (first == null) {
                first = toThrowable(failure, i, results.length);
            } else if (first != failure) {
                first.addSuppressed(failure);
            }
        }
        if (first != null && first != primary) {
            throw sneaky(first);
        }
        if (primary != null) {
            throw sneaky(primary);
        }
        return (List<R>) Arrays.asList(results);
    }

    private Throwable toThrowable(Throwable failure, int index, int total) {
        if (failure instanceof RuntimeException || failure instanceof Error) {
            return failure;
        }
        return new ScatterException("call " + (index + 1) + " of " + total + " scattered to " + name
                + " failed: " + failure, failure);
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
