package dev.lox;

import dev.lox.function.Fn0;
import dev.lox.function.Fn4;
import dev.lox.internal.HandleCore;
import java.util.concurrent.CompletableFuture;

/**
 * The handle of a parallel method of four parameters: {@link #call} runs it here,
 * {@link #scatter} starts it on the method's pool, {@link #gather()} collects the results in scatter order.
 * Get one from {@link Lox#of(Fn4)}. Thread-safe.
 */
public final class Handle4<A, B, C, D, R> extends AbstractHandle<R> {
    private final Fn4<A, B, C, D, R> fn;

    Handle4(HandleCore core, Fn4<A, B, C, D, R> fn) {
        super(core);
        this.fn = fn;
    }

    /**
     * Calls the method in this thread and returns its result, like a plain call. A checked
     * exception comes wrapped in {@link ScatterException}.
     */
    public R call(A a, B b, C c, D d) {
        return core.call(() -> fn.apply(a, b, c, d));
    }

    /**
     * Starts the call on the method's pool and returns at once. The future completes with the
     * method's result; the call also stays pending until the next {@link #gather()}.
     *
     * @throws IllegalArgumentException in process mode, if an argument cannot be sent to a worker
     */
    public CompletableFuture<R> scatter(A a, B b, C c, D d) {
        Fn0<R> call = () -> fn.apply(a, b, c, d);
        return core.scatter(call, core.sendsArguments() ? new Object[] {a, b, c, d} : null);
    }
}
