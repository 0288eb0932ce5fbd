package dev.lox.internal;

import dev.lox.function.Fn0;
import java.util.concurrent.CompletableFuture;

/**
 * One call on a thread pool: the future the caller holds is also the task the pool runs, so a
 * scatter costs one object more than the caller's own arguments.
 */
final class ScatteredCall<R> extends CompletableFuture<R> implements Runnable {
    private Fn0<R> task;

    ScatteredCall(Fn0<R> task) {
        this.task = task;
    }

    @Override
    public void run() {
        Fn0<R> t = task;
        task = null; // let the arguments go as soon as the call is done
        if (t == null || isDone()) {
            return; // cancelled by the caller before it started
        }
        try {
            complete(t.apply());
        } catch (Throwable e) {
            completeExceptionally(e);
        }
    }
}
