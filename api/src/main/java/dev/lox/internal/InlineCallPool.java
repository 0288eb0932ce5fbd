package dev.lox.internal;

import dev.lox.function.Fn0;
import dev.lox.spi.MethodRef;
import java.util.concurrent.CompletableFuture;

/** Runs each call in the caller's thread before scatter returns: lox's debug mode and size 0. */
final class InlineCallPool implements CallPool {
    static final InlineCallPool INSTANCE = new InlineCallPool();

    private InlineCallPool() {
    }

    @Override
    public <R> CompletableFuture<R> submit(Fn0<R> task, MethodRef method, Object[] arguments) {
        CompletableFuture<R> future = new CompletableFuture<>();
        try {
            future.complete(task.apply());
        } catch (Throwable t) {
            future.completeExceptionally(t);
        }
        return future;
    }

    @Override
    public int queued() {
        return 0;
    }

    @Override
    public boolean sendsArguments() {
        return false;
    }

    @Override
    public boolean isInline() {
        return true;
    }

}
