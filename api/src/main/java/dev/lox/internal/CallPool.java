package dev.lox.internal;

import dev.lox.function.Fn0;
import dev.lox.spi.MethodRef;
import java.util.concurrent.CompletableFuture;

/**
 * Runs scattered calls of one parallel method. A call is offered in both of the forms a pool may
 * need: as a task to run in this JVM, and as a method plus arguments to send to another JVM.
 */
public interface CallPool {

    /**
     * Starts one call and returns its future at once (or, for an inline pool, after running it).
     *
     * @param task the call, for pools that run it in this JVM
     * @param method the method, for pools that send it to a worker JVM
     * @param arguments receiver or captured values first, then the call's arguments; may be null
     *     for a pool that does not {@linkplain #sendsArguments() send arguments}
     */
    <R> CompletableFuture<R> submit(Fn0<R> task, MethodRef method, Object[] arguments);

    /** True if calls go to another JVM, as a method and an argument array; false if the task runs here. */
    boolean sendsArguments();

    /** Calls submitted and not yet started, like lox's {@code len(fn)}. */
    int queued();

    /** True if {@link #submit} runs calls in the caller's thread. */
    boolean isInline();

    /**
     * Makes the pool a spec calls for. {@code DebugMode} and size 0 give an inline pool.
     *
     * @param loader the class loader of the method's class, whose classes a process pool's workers need
     */
    static CallPool create(String name, PoolSpec spec, ClassLoader loader) {
        if (spec.size() == 0 || DebugMode.isOn()) {
            return InlineCallPool.INSTANCE;
        }
        return switch (spec.kind()) {
            case THREAD -> new ThreadCallPool(name, spec.size());
            case PROCESS -> ProcessCallPool.open(name, spec.size(), loader, spec.callTimeout());
            case VIRTUAL -> VirtualCallPool.open(name, spec.size());
            case CLUSTER -> ClusterCallPool.open(name, spec.size(), loader, spec.callTimeout());
        };
    }
}
