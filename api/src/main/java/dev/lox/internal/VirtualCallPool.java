package dev.lox.internal;

import dev.lox.function.Fn0;
import dev.lox.spi.MethodRef;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A virtual thread per call (Java 21 and later), as {@code Executors.newVirtualThreadPerTaskExecutor()}
 * gives. With a bound, a semaphore (not a pool) limits the calls in flight: a call's virtual thread
 * starts at scatter and waits for a permit, and the calls waiting for one are the pool's
 * {@linkplain #queued() pending} calls. A call that waits in a gather, or in {@code join()} or
 * {@code get()} of a future of a bounded pool, lends its permit meanwhile ({@link PermitLoan}), so
 * calls that wait for calls of their own pool cannot hang on the bound.
 *
 * <p>The api targets Java 17, so the virtual thread factory is looked up by reflection, once per
 * pool: a scatter calls {@link ThreadFactory#newThread}, an interface call, and reflection costs
 * nothing per call. On Java 17 to 20, {@link #open} makes a thread pool of the bound instead (of
 * {@link PoolSpec#DEFAULT_THREADS} without one) and says so once.
 */
final class VirtualCallPool implements CallPool {
    /** The first Java whose virtual threads are not a preview (Java 19 and 20 refuse them without --enable-preview). */
    private static final int FIRST_JAVA = 21;

    /** The fallback is said once per JVM, not once per method. */
    private static final AtomicBoolean FALLBACK_SAID = new AtomicBoolean();

    private final ThreadFactory threads;
    private final Semaphore permits; // null: no bound
    private final AtomicInteger waitingForPermit = new AtomicInteger();

    private VirtualCallPool(ThreadFactory threads, int bound) {
        this.threads = threads;
        this.permits = bound == PoolSpec.UNBOUNDED ? null : new Semaphore(bound);
    }

    /** A virtual pool with at most {@code bound} calls in flight, or the thread pool that stands in for one before Java 21. */
    static CallPool open(String name, int bound) {
        ThreadFactory threads = virtualThreads("lox-" + name);
        if (threads != null) {
            return new VirtualCallPool(threads, bound);
        }
        int size = bound == PoolSpec.UNBOUNDED ? PoolSpec.DEFAULT_THREADS : bound;
        if (!FALLBACK_SAID.getAndSet(true)) {
            LoxLog.warn("virtual threads need Java " + FIRST_JAVA + " or later and this is Java "
                    + Runtime.version().feature() + ": each virtual pool runs on a thread pool of its bound instead ("
                    + PoolSpec.DEFAULT_THREADS + " threads where there is none), the first for " + name
                    + " with " + size + " threads");
        }
        return new ThreadCallPool(name, size);
    }

    /**
     * Whether {@code thread} is a virtual thread lox started for a call (each runs one call, its
     * whole life). They are told apart by the one handler of uncaught exceptions they all get,
     * {@link #CALL_THREADS}: the only mark a virtual thread can carry that nothing else sets.
     */
    static boolean runsCall(Thread thread) {
        return anyOpened && thread.getUncaughtExceptionHandler() == CALL_THREADS;
    }

    /**
     * The uncaught-exception handler of lox's virtual threads, which marks them. It does what a
     * thread with none does (its group's handler: the default handler, else the stack trace); a
     * call's own failure never reaches it, since the call's future takes it.
     */
    private static final Thread.UncaughtExceptionHandler CALL_THREADS = new Thread.UncaughtExceptionHandler() {
        @Override
        public void uncaughtException(Thread thread, Throwable failure) {
            thread.getThreadGroup().uncaughtException(thread, failure);
        }
    };

    /** Whether any virtual pool was made: until then no thread needs the test of {@link #runsCall}. */
    private static volatile boolean anyOpened;

    /** A factory of virtual threads named {@code name}, or null before Java 21. */
    static ThreadFactory virtualThreads(String name) {
        if (Runtime.version().feature() < FIRST_JAVA) {
            return null;
        }
        try {
            Method ofVirtual = java.lang.Thread.class.getMethod("ofVirtual");
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Object named = builder.getMethod("name", String.class).invoke(ofVirtual.invoke(null), name);
            Object marked = builder.getMethod("uncaughtExceptionHandler", Thread.UncaughtExceptionHandler.class).invoke(named, CALL_THREADS);
            anyOpened = true;
            return (ThreadFactory) builder.getMethod("factory").invoke(marked);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("lox cannot make virtual threads on Java "
                    + Runtime.version() + ": " + e, e);
        }
    }

    @Override
    public <R> CompletableFuture<R> submit(Fn0<R> task, MethodRef method, Object[] arguments) {
        VirtualCall<R> call = new VirtualCall<>(task);
        if (permits == null) {
            threads.newThread(call).start();
            return call;
        }
        waitingForPermit.incrementAndGet();
        try {
            threads.newThread(() -> runWithPermit(call)).start();
        } catch (RuntimeException | Error e) {
            waitingForPermit.decrementAndGet(); // no thread, no call: the scatter throws
            throw e;
        }
        return call;
    }

    private void runWithPermit(VirtualCall<?> call) {
        permits.acquireUninterruptibly(); // nothing interrupts a call's own virtual thread but the call itself
        waitingForPermit.decrementAndGet();
        PermitLoan.hold(permits);
        try {
            call.run();
        } finally {
            PermitLoan.drop();
            permits.release();
        }
    }

    /**
     * One call on its own virtual thread: the future the caller holds is also the task the thread
     * runs. Its {@code join()} and {@code get()} lend the waiting thread's permit, if it holds one: a
     * call of a bounded pool that waits for a future of its own pool directly, rather than gathering
     * it, must not hold the permit that future's call waits for. (A stage derived from the future,
     * {@code thenApply(...).join()}, is a plain {@code CompletableFuture} and lends nothing.)
     */
    private static final class VirtualCall<R> extends CompletableFuture<R> implements Runnable {
        private Fn0<R> task;

        VirtualCall(Fn0<R> task) {
            this.task = task;
        }

        @Override
        public void run() {
            Fn0<R> t = task;
            task = null; // let the arguments go as soon as the call is done
            if (t == null || isDone()) {
                return; // cancelled by the caller before it started
            }
            // As on a thread pool: calls this call scatters on handles are its own (see CallScope),
            // handed over before the call completes, so whoever sees it done sees what it left.
            R result = null;
            Throwable failure = null;
            try {
                result = t.apply();
            } catch (Throwable e) {
                failure = e;
            }
            CallScope.endVirtualCall();
            if (failure == null) {
                complete(result);
            } else {
                completeExceptionally(failure);
            }
        }

        @Override
        public R join() {
            if (isDone()) {
                return super.join();
            }
            Semaphore lent = PermitLoan.lend();
            try {
                return super.join();
            } finally {
                PermitLoan.takeBack(lent);
            }
        }

        @Override
        public R get() throws InterruptedException, ExecutionException {
            if (isDone()) {
                return super.get();
            }
            Semaphore lent = PermitLoan.lend();
            try {
                return super.get();
            } finally {
                PermitLoan.takeBack(lent);
            }
        }

        @Override
        public R get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            if (isDone()) {
                return super.get(timeout, unit);
            }
            Semaphore lent = PermitLoan.lend();
            try {
                return super.get(timeout, unit);
            } finally {
                PermitLoan.takeBack(lent);
            }
        }
    }

    /** Calls waiting for a permit; 0 without a bound, where every call starts at once. */
    @Override
    public int queued() {
        return waitingForPermit.get();
    }

    @Override
    public boolean sendsArguments() {
        return false;
    }

    @Override
    public boolean isInline() {
        return false;
    }
}
