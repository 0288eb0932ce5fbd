package dev.lox;

import dev.lox.function.Fn0;
import dev.lox.function.Fn1;
import dev.lox.internal.HandleCore;
import java.util.concurrent.CompletableFuture;

/**
 * The handle of a parallel method of one parameter: {@link #call} runs it here,
 * {@link #scatter} starts it on the method's pool, {@link #gather()} collects the results in scatter order.
 * Get one from {@link Lox#of(Fn1)}. Thread-safe.
 */
public final class Handle1<A, R> extends AbstractHandle<R> {
    private final Fn1<A, R> fn;

    Handle1(HandleCore core, Fn1<A, R> fn) {
        super(core);
        this.fn = fn;
    }

    /**
     * Calls the method in this thread and returns its result, like a plain call. A checked
     * exception comes wrapped in {@link ScatterException}.
     */
    public R call(A a) {
        return core.call(() -> fn.apply(a));
    }

    /**
     * Starts the call on the method's pool and returns at once. The future completes with the
     * method's result; the call also stays pending until the next {@link #gather()}.
     *
     * @throws IllegalArgumentException in process mode, if an argument cannot be sent to a worker
     */
    public CompletableFuture<R> scatter(A a) {
        Fn0<R> call = () -> fn.apply(a);
        return core.scatter(call, core.sendsArguments() ? new Object[] {a} : null);
    }
}
