package dev.lox;

import dev.lox.function.Fn0;
import dev.lox.function.Fn6;
import dev.lox.internal.HandleCore;
import java.util.concurrent.CompletableFuture;

/**
 * The handle of a parallel method of six parameters: {@link #call} runs it here,
 * {@link #scatter} starts it on the method's pool, {@link #gather()} collects the results in scatter order.
 * Get one from {@link Lox#of(Fn6)}. Thread-safe.
 */
public final class Handle6<A, B, C, D, E, F, R> extends AbstractHandle<R> {
    private final Fn6<A, B, C, D, E, F, R> fn;

    Handle6(HandleCore core, Fn6<A, B, C, D, E, F, R> fn) {
        super(core);
        this.fn = fn;
    }

    /**
     * Calls the method in this thread and returns its result, like a plain call. A checked
     * exception comes wrapped in {@link ScatterException}.
     */
    public R call(A a, B b, C c, D d, E e, F f) {
        return core.call(() -> fn.apply(a, b, c, d, e, f));
    }

    /**
     * Starts the call on the method's pool and returns at once. The future completes with the
     * method's result; the call also stays pending until the next {@link #gather()}.
     *
     * @throws IllegalArgumentException in process mode, if an argument cannot be sent to a worker
     */
    public CompletableFuture<R> scatter(A a, B b, C c, D d, E e, F f) {
        Fn0<R> call = () -> fn.apply(a, b, c, d, e, f);
        return core.scatter(call, core.sendsArguments() ? new Object[] {a, b, c, d, e, f} : null);
    }
}
