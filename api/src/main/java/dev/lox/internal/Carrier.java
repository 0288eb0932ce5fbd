package dev.lox.internal;

/**
 * One piece of thread-bound context that lox carries from a scattering thread into its calls: a
 * {@code @Lox.Carried} {@code ThreadLocal}, or SLF4J's MDC.
 *
 * <p>{@link #swapIn} and {@link #restore} run on the thread that runs the call, around it; a value
 * of null means "none" (the thread's own value is removed, never set to null), so a pool thread
 * holds nothing of a call once it is done.
 */
interface Carrier {
    /**
     * The name a value travels under to a worker JVM, where it is set on the worker's copy of the
     * same context: {@code com.example.RequestContext#CURRENT}, or {@code mdc}.
     */
    String name();

    /** The scattering thread's value, or null for none. */
    Object capture();

    /** Sets {@code value} (null: none) for a call on this thread and returns what it replaced, for {@link #restore}. */
    Object swapIn(Object value);

    /** Puts back what {@link #swapIn} returned (null: none). */
    void restore(Object previous);

    /** False once the context is gone (its class loader was collected): it is then dropped. */
    boolean isLive();
}
