package dev.lox.internal;

import dev.lox.function.Fn0;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
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
        CompletableFuture<Object> scattered = pool.submit(ScatterTask.of(invoker.task(call), method), method.method(), call);
        region.add(scattered);
        return scattered;
    }

    /**
     * Calls one method with a receiver-first argument array, and waits for a future it returns.
     *
     * <p>In two stages, as the JDK's own reflection inflates its accessors: the first
     * {@link #REFLECTIVE_CALLS} calls go through {@link Method#invoke}, later ones through a spread
     * {@code MethodHandle} made on the call after them. Why: a JVM's first scattered call often
     * comes at start-up, and making the handle there (its lambda forms spun and loaded, interpreted)
     * costs that call several milliseconds on Java 17, against microseconds for a reflective call
     * (docs/benchmarks.md, the start-up section); a method called often gets the handle, which needs
     * no copy of the arguments without the receiver.
     */
    static final class Invoker {
        /** Calls made by reflection before the handle is made. */
        static final int REFLECTIVE_CALLS = 16;

        private final Method method;
        private final boolean isStatic;
        private volatile MethodHandle spread;
        /** Calls made so far by reflection; racy on purpose: it only decides when to make the handle. */
        private int reflectiveCalls;

        private Invoker(Method method) {
            this.method = method;
            this.isStatic = Modifier.isStatic(method.getModifiers());
        }

        static Invoker of(Method method) {
            try {
                method.setAccessible(true);
            } catch (RuntimeException e) {
                throw new IllegalStateException("lox cannot call " + method + ": " + e, e);
            }
            return new Invoker(method);
        }

        /** The spread handle: receiver-first {@code Object[]} in, the result boxed ({@code null} for void) out. */
        private MethodHandle spread() {
            try {
                // Fixed arity: a varargs method's handle would otherwise collect the trailing arguments again and
                // fail to cast the array it was given (String[]) to its element type (String).
                MethodHandle handle = MethodHandles.lookup().unreflect(method).asFixedArity();
                int arity = method.getParameterCount() + (isStatic ? 0 : 1);
                return handle.asSpreader(Object[].class, arity).asType(MethodType.methodType(Object.class, Object[].class));
            } catch (IllegalAccessException | RuntimeException e) {
                throw new IllegalStateException("lox cannot call " + method + ": " + e, e);
            }
        }

        /**
         * The call of {@link #invoke} with {@code all}, as a pool's task. A class, not a lambda: the
         * JVM's first scattered call often comes at start-up, where a lambda's first use costs a
         * class spun by {@code LambdaMetafactory}.
         */
        Fn0<Object> task(Object[] all) {
            return new Call(this, all);
        }

        Object invoke(Object[] all) throws Exception {
            MethodHandle handle = spread;
            if (handle == null && reflectiveCalls++ >= REFLECTIVE_CALLS) {
                handle = spread();
                spread = handle;
            }
            Object result = handle == null ? reflect(all) : invokeHandle(handle, all);
            // A method that returns a future is done when its future is: wait here, in the pool.
            return result instanceof Future<?> future ? await(future) : result;
        }

        private static Object invokeHandle(MethodHandle handle, Object[] all) throws Exception {
            try {
                return handle.invokeExact(all);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        /** The call by {@link Method#invoke}, which takes the receiver apart from the arguments. */
        private Object reflect(Object[] all) throws Exception {
            Object receiver = isStatic ? null : all[0];
            Object[] arguments = isStatic ? all : Arrays.copyOfRange(all, 1, all.length);
            try {
                return method.invoke(receiver, arguments);
            } catch (InvocationTargetException e) {
                // What the method threw, as the handle would throw it.
                Throwable thrown = e.getCause();
                if (thrown instanceof Exception ex) {
                    throw ex;
                }
                if (thrown instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(thrown);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("lox cannot call " + method + ": " + e, e);
            }
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

    /** A scattered plain call: the method's invoker and its receiver-first arguments. */
    private static final class Call implements Fn0<Object> {
        private static final long serialVersionUID = 1L;

        // Transient as a lambda's captures would not be: a plain call goes to a pool as its method and
        // arguments (process mode sends those), never as this task.
        private final transient Invoker invoker;
        private final transient Object[] all;

        Call(Invoker invoker, Object[] all) {
            this.invoker = invoker;
            this.all = all;
        }

        @Override
        public Object apply() throws Exception {
            return invoker.invoke(all);
        }
    }
}
