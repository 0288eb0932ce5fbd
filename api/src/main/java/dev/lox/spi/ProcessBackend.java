package dev.lox.spi;

import java.util.concurrent.CompletableFuture;

/**
 * Where {@code @Lox.Process} pools come from. lox-api has no process runtime of its own (it depends
 * on nothing of lox); lox-worker-launcher provides one through {@link java.util.ServiceLoader}, and
 * the agent jar carries it.
 */
public interface ProcessBackend {

    /**
     * Opens a pool of worker JVMs for one parallel method. Workers start on the first
     * {@link ProcessPool#submit submit}, not here.
     *
     * @param name readable name of the method, for worker and log names
     * @param workers how many worker JVMs, at least 1
     * @param loader the class loader of the method's class (null: the bootstrap loader); workers load
     *     classes as it does
     * @param callTimeout how long one call may run in a worker before it fails with
     *     {@link dev.lox.CallTimeoutException} and the worker is replaced ({@link java.time.Duration#ZERO}:
     *     no limit); null for the backend's default ({@code -Dlox.process.callTimeout}, or 10 minutes)
     */
    ProcessPool open(String name, int workers, ClassLoader loader, java.time.Duration callTimeout);

    /** A pool of worker JVMs. Thread-safe. */
    interface ProcessPool extends AutoCloseable {

        /**
         * Sends one call to a worker. The arguments are serialized before this returns, so a
         * caller may change them afterwards; a call whose arguments cannot be serialized or are too
         * large throws {@link IllegalArgumentException} here, naming the argument, and nothing is
         * queued.
         *
         * @param method the method to run in the worker
         * @param arguments receiver or captured values first, then the call's arguments
         * @return completes with the method's result, its exception, or
         *     {@link dev.lox.WorkerCrashedException} if the worker died while holding the call
         */
        CompletableFuture<Object> submit(MethodRef method, Object[] arguments);

        /**
         * As {@link #submit(MethodRef, Object[])}, with the context carried into the call
         * ({@code @Lox.Carried} fields, {@code carry} rules): the worker sets each value on its own
         * copy of the field, by name ({@code com.example.RequestContext#CURRENT}, or {@code mdc} for
         * SLF4J's MDC), for the call only. The values are serialized before this returns, as the
         * arguments are.
         *
         * @param carried the carried values by name; not empty (the other {@code submit} is for none)
         */
        default CompletableFuture<Object> submit(MethodRef method, Object[] arguments, java.util.Map<String, Object> carried) {
            throw new UnsupportedOperationException(getClass().getName() + " cannot carry context into a worker JVM, and "
                    + method.displayName() + " was scattered with " + carried.keySet() + " to carry: use a process backend"
                    + " that can, or stop carrying these");
        }

        /** Calls sent and not yet started by a worker (an estimate, like lox's {@code len(fn)}). */
        int queued();

        /** Stops the workers; calls still held fail. */
        @Override
        void close();
    }
}
