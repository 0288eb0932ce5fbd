package dev.lox.internal;

/**
 * How a parallel method runs: on threads or worker JVMs, and how many. Size 0 runs every call
 * inline in the caller, as lox does for {@code lox.thread(0)}.
 */
public record PoolSpec(Kind kind, int size) {

    /** Threads in this JVM, or worker JVMs. */
    public enum Kind { THREAD, PROCESS }

    /** lox's default thread count. */
    public static final int DEFAULT_THREADS = 50;

    public PoolSpec {
        if (kind == null) {
            throw new IllegalArgumentException("pool kind cannot be null");
        }
        if (size < 0) {
            throw new IllegalArgumentException(
                    kind.name().toLowerCase() + " pool size must be 0 (run inline) or more, was " + size);
        }
    }

    public static PoolSpec threads(int size) {
        return new PoolSpec(Kind.THREAD, size);
    }

    public static PoolSpec processes(int size) {
        return new PoolSpec(Kind.PROCESS, size);
    }

    /**
     * The pool an {@code @Lox.Thread(size)} or {@code @Lox.Process(size)} annotation asks for; the one
     * check of an annotation's size, for handles and the agent alike.
     *
     * @param where the annotated method, as the message should name it
     * @throws IllegalArgumentException naming the annotation, the method and the fix, if size is negative
     */
    public static PoolSpec annotated(Kind kind, int size, Object where) {
        if (size < 0) {
            String annotation = kind == Kind.THREAD ? "@Lox.Thread(" : "@Lox.Process(";
            throw new IllegalArgumentException(annotation + size + ") on " + where + ": the size must be 0 (run inline)"
                    + " or more; fix the annotation" + (kind == Kind.PROCESS
                    ? ", or leave out the value for one worker per available processor" : ""));
        }
        return new PoolSpec(kind, size);
    }

    /** The default worker-JVM count: one per available processor. */
    public static int defaultProcesses() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public String toString() {
        return (kind == Kind.THREAD ? "thread(" : "process(") + size + ")";
    }
}
