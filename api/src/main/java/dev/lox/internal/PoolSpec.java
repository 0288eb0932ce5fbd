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

    /** The default worker-JVM count: one per available processor. */
    public static int defaultProcesses() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public String toString() {
        return (kind == Kind.THREAD ? "thread(" : "process(") + size + ")";
    }
}
