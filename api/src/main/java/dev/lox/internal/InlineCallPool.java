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
        // As on a pool: calls the call scatters on handles are its own (see CallScope), and it runs
        // outside this thread's regions, as a pool's thread has none.
        CallScope outer = CallScope.enterInline();
        GatherRegion regions = GatherRegion.suspend();
        R result = null;
        Throwable failure = null;
        try {
            result = task.apply();
        } catch (Throwable t) {
            failure = t;
        } finally {
            GatherRegion.resume(regions);
        }
        CallScope.exitInline(outer);
        if (failure == null) {
            future.complete(result);
        } else {
            future.completeExceptionally(failure);
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
