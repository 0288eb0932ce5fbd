package dev.lox;

import dev.lox.function.Fn0;
import dev.lox.function.Fn2;
import dev.lox.internal.HandleCore;
import java.util.concurrent.CompletableFuture;

/**
 * The handle of a parallel method of two parameters: {@link #call} runs it here,
 * {@link #scatter} starts it on the method's pool, {@link #gather()} collects the results in scatter order.
 * Get one from {@link Lox#of(Fn2)}. Thread-safe.
 */
public final class Handle2<A, B, R> extends AbstractHandle<R> {
    private final Fn2<A, B, R> fn;

    Handle2(HandleCore core, Fn2<A, B, R> fn) {
        super(core);
        this.fn = fn;
    }

    /**
     * Calls the method in this thread and returns its result, like a plain call. A checked
     * exception comes wrapped in {@link ScatterException}.
     */
    public R call(A a, B b) {
        return core.call(() -> fn.apply(a, b));
    }

    /**
     * Starts the call on the method's pool and returns at once. The future completes with the
     * method's result; the call also stays pending until the next {@link #gather()}.
     *
     * @throws IllegalArgumentException in process mode, if an argument cannot be sent to a worker
     */
    public CompletableFuture<R> scatter(A a, B b) {
        Fn0<R> call = () -> fn.apply(a, b);
        return core.scatter(call, core.sendsArguments() ? new Object[] {a, b} : null);
    }
}
