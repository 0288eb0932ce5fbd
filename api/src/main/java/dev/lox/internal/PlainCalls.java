package dev.lox.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Plain calls the agent scatters: inside a gather region, a call to a parallel method that returns
 * {@code void} or a future returns at once, and the region's exit gathers it.
 */
public final class PlainCalls {
    private PlainCalls() {
    }

    /**
     * Called by the advice on entry to a parallel method. Returns null when the call should run as
     * usual (no region on this thread, or an inline pool), else the future of the scattered call,
     * which the method then returns in place of running its body.
     *
     * @param id the method's id from {@link ParallelMethods#declare}
     * @param call the call's receiver ({@code this}, for an instance method) and then its
     *     arguments, primitives boxed: as the method's invoker takes them, so none is copied
     */
    public static CompletableFuture<Object> scatterIfInRegion(int id, Object[] call) {
        GatherRegion region = GatherRegion.current();
        if (region == null) {
            return null;
        }
        ParallelMethod method = ParallelMethods.byId(id);
        method.markScattered(); // reached in a region, even on an inline pool: the agent's exit check asks
        CallPool pool = method.pool();
        if (pool.isInline()) {
            return null; // debug mode or size 0: the body runs here, in the caller
        }
        Invoker invoker = method.invoker();
        // The pool's thread has no region, so there the advice lets the body run.
        CompletableFuture<Object> scattered = pool.submit(ScatterTask.of(() -> invoker.invoke(call), method), method.method(), call);
        region.add(scattered);
        return scattered;
    }

    /** Calls one method with a receiver-first argument array, and waits for a future it returns. */
    static final class Invoker {
        private final MethodHandle spread;

        private Invoker(MethodHandle spread) {
            this.spread = spread;
        }

        static Invoker of(Method method) {
            try {
                method.setAccessible(true);
                // Fixed arity: a varargs method's handle would otherwise collect the trailing arguments again and
                // fail to cast the array it was given (String[]) to its element type (String).
                MethodHandle handle = MethodHandles.lookup().unreflect(method).asFixedArity();
                int arity = method.getParameterCount() + (Modifier.isStatic(method.getModifiers()) ? 0 : 1);
                return new Invoker(handle.asSpreader(Object[].class, arity)
                        .asType(MethodType.methodType(Object.class, Object[].class)));
            } catch (IllegalAccessException | RuntimeException e) {
                throw new IllegalStateException("lox cannot call " + method + ": " + e, e);
            }
        }

        Object invoke(Object[] all) throws Exception {
            Object result;
            try {
                result = spread.invokeExact(all);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            // A method that returns a future is done when its future is: wait here, in the pool.
            return result instanceof Future<?> future ? await(future) : result;
        }

        private static Object await(Future<?> future) throws Exception {
            try {
                return future.get();
            } catch (ExecutionException | CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                throw (Error) cause;
            }
        }
    }
}
