package dev.lox.internal;

import dev.lox.Progress;
import dev.lox.ScatterException;
import dev.lox.function.Fn0;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * What every handle does, whatever its arity: scatter to the method's pool, keep the calls in
 * scatter order, gather. The typed handles ({@code Handle0} to {@code Handle6}) only adapt their
 * arguments to this.
 */
public final class HandleCore {
    private static final Object[] NO_VALUES = new Object[0];

    private final ParallelMethod method;
    private final Object[] captured;
    private final PendingCalls pending;
    private Object handle;

    HandleCore(ParallelMethod method, Object[] captured, Set<HandleCore> withPendingCalls) {
        this.method = method;
        this.captured = captured;
        // While it has calls to gather, the handle must outlive the caller's references to it.
        this.pending = new PendingCalls(method.method().displayName(),
                () -> withPendingCalls.add(this), () -> withPendingCalls.remove(this));
    }

    void attach(Object handle) {
        this.handle = handle;
    }

    /** The typed handle this core serves. */
    public Object handle() {
        return handle;
    }

    public ParallelMethod method() {
        return method;
    }

    /** Runs the call in this thread, as a plain call would, even inside a gather region. */
    public <R> R call(Fn0<R> task) {
        GatherRegion region = GatherRegion.suspend();
        try {
            return task.apply();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new ScatterException(method.method().displayName() + " failed: " + e, e);
        } finally {
            GatherRegion.resume(region);
        }
    }

    /**
     * Whether the method's pool sends calls to another JVM, and so needs the arguments as an array
     * (a thread pool runs the task and never reads them, so handles skip building the array).
     */
    public boolean sendsArguments() {
        return method.pool().sendsArguments();
    }

    /**
     * Starts the call on the pool.
     *
     * @param arguments the call's own arguments, without captured values; null if
     *     {@link #sendsArguments()} is false
     */
    public <R> CompletableFuture<R> scatter(Fn0<R> task, Object[] arguments) {
        CallPool pool = method.pool();
        CompletableFuture<R> future = pool.submit(task, method.method(), arguments == null ? null : withCaptured(arguments));
        if (pool.sendsArguments() && method.returnsFuture()) {
            // A worker waits for a future the method returns and sends its value (what a plain call in
            // a gather region needs); a handle's result is the future itself, as on a thread pool.
            future = future.thenApply(HandleCore::completed);
        }
        pending.add(future);
        method.markScattered();
        return future;
    }

    @SuppressWarnings("unchecked")
    private static <R> R completed(R value) {
        return (R) CompletableFuture.completedFuture(value);
    }

    private Object[] withCaptured(Object[] arguments) {
        if (captured.length == 0) {
            return arguments;
        }
        Object[] all = new Object[captured.length + arguments.length];
        System.arraycopy(captured, 0, all, 0, captured.length);
        System.arraycopy(arguments, 0, all, captured.length, arguments.length);
        return all;
    }

    public <R> List<R> gather() {
        return pending.gather((Progress) null);
    }

    public <R> List<R> gather(Progress progress) {
        if (progress == null) {
            throw new IllegalArgumentException("progress cannot be null: use gather() for no progress");
        }
        return pending.gather(progress);
    }

    public <R> List<R> gather(Duration timeout) throws TimeoutException {
        return pending.gather(Timeouts.nanos(timeout, "gather(Duration)"));
    }

    /** Calls waiting in the pool for a thread or worker, like lox's {@code len(fn)}. */
    public int pending() {
        return method.queued();
    }

    /** Calls scattered on this handle since the last gather. */
    public int scattered() {
        return pending.size();
    }

    static Object[] noValues() {
        return NO_VALUES;
    }
}
