package dev.lox.internal;

import java.time.Duration;
import java.util.Locale;

/**
 * How a parallel method runs: on threads, virtual threads, worker JVMs or the members of a cluster,
 * and how many. Size 0 runs every call inline in the caller, as lox does for {@code lox.thread(0)}.
 * For virtual threads and clusters the size bounds the calls in flight; {@link #UNBOUNDED} sets no
 * bound.
 *
 * @param callTimeout for worker JVMs, how long one call may run before it fails and its worker is
 *     replaced; for a cluster, how long one call may run on a member before it fails and the member
 *     interrupts it ({@link Duration#ZERO}: no limit); null for the default. Only a call in another
 *     JVM can be stopped, so only process and cluster pools have one.
 */
public record PoolSpec(Kind kind, int size, Duration callTimeout) {

    /** Threads in this JVM, a virtual thread per call, worker JVMs, or the members of a cluster. */
    public enum Kind { THREAD, PROCESS, VIRTUAL, CLUSTER }

    /** lox's default thread count. */
    public static final int DEFAULT_THREADS = 50;

    /**
     * A cluster pool's calls in flight when none are given ({@code @Lox.Cluster}, config
     * {@code cluster}): enough to keep 16 members of 4 cores busy.
     */
    public static final int DEFAULT_CLUSTER_CALLS = 64;

    /**
     * A process or cluster pool's call timeout when neither the method nor a property sets one: long
     * enough for any call a batch is likely to make by design, short enough that a task caught in a
     * loop does not hold its caller for good. A method, not a constant: a constant would initialize
     * {@code Duration}, and through it {@code BigInteger}, with this class, at the first rewrite of
     * every JVM, thread pools' included (0.7 ms between them in a class-load log of a first rewrite).
     */
    public static Duration defaultCallTimeout() {
        return Duration.ofMinutes(10);
    }

    /** A virtual pool's size when no bound is given: calls in flight are not limited. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    public PoolSpec {
        if (kind == null) {
            throw new IllegalArgumentException("pool kind cannot be null");
        }
        if (callTimeout != null && (!hasCallTimeout(kind) || callTimeout.isNegative())) {
            throw new IllegalArgumentException(!hasCallTimeout(kind)
                    ? "a call timeout is for process and cluster pools, and this is a " + kind.name().toLowerCase() + " pool: a call"
                            + " on a thread cannot be stopped; bound the wait instead, with gather(Duration) or get(timeout)"
                    : "a call timeout must be zero (no limit) or more, was " + callTimeout);
        }
        if (size < 0) {
            throw new IllegalArgumentException(
                    kind.name().toLowerCase() + " pool size must be 0 (run inline) or more, was " + size);
        }
    }

    /** Whether pools of this kind run calls in another JVM, where a call past its timeout can be stopped. */
    public static boolean hasCallTimeout(Kind kind) {
        return kind == Kind.PROCESS || kind == Kind.CLUSTER;
    }

    /** A pool of the kind and size, with the default call timeout. */
    public PoolSpec(Kind kind, int size) {
        this(kind, size, null);
    }

    /**
     * This pool with its own call timeout ({@link Duration#ZERO}: no limit).
     *
     * @throws IllegalArgumentException if this is not a process or cluster pool, or the timeout is negative
     */
    public PoolSpec withCallTimeout(Duration timeout) {
        if (timeout == null) {
            throw new IllegalArgumentException("a call timeout cannot be null: pass Duration.ZERO for no limit");
        }
        return new PoolSpec(kind, size, timeout);
    }

    public static PoolSpec threads(int size) {
        return new PoolSpec(Kind.THREAD, size);
    }

    public static PoolSpec processes(int size) {
        return new PoolSpec(Kind.PROCESS, size);
    }

    /** A virtual thread per call, at most {@code bound} in flight ({@link #UNBOUNDED}: no bound). */
    public static PoolSpec virtual(int bound) {
        return new PoolSpec(Kind.VIRTUAL, bound);
    }

    /** At most {@code calls} calls in flight on the members of the cluster lox is given. */
    public static PoolSpec cluster(int calls) {
        return new PoolSpec(Kind.CLUSTER, calls);
    }

    /**
     * The pool an {@code @Lox.Thread(size)}, {@code @Lox.Virtual(size)} or {@code @Lox.Process(size)}
     * annotation asks for; the one check of an annotation's size, for handles and the agent alike.
     *
     * @param where the annotated method, as the message should name it
     * @throws IllegalArgumentException naming the annotation, the method and the fix, if size is negative
     */
    public static PoolSpec annotated(Kind kind, int size, Object where) {
        if (size < 0) {
            throw new IllegalArgumentException(annotationName(kind) + "(" + size + ") on " + where
                    + ": the size must be 0 (run inline) or more; fix the annotation" + switch (kind) {
                        case PROCESS -> ", or leave out the value for one worker per available processor";
                        case VIRTUAL -> ", or leave out the value for no bound";
                        case CLUSTER -> ", or leave out the value for " + DEFAULT_CLUSTER_CALLS + " calls in flight";
                        case THREAD -> "";
                    });
        }
        return new PoolSpec(kind, size);
    }

    /**
     * The annotation of a kind, as messages name it: {@code @Lox.Thread} ({@code @Lox.} and the
     * kind's name). Spelt from the name, not by a switch: an enum switch costs a synthetic class,
     * loaded at the first rewrite of every JVM with the agent.
     */
    public static String annotationName(Kind kind) {
        String name = kind.name();
        return "@Lox." + name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }

    /** The annotation that asks for this pool, as messages name it: {@code @Lox.Thread(8)}, {@code @Lox.Virtual}. */
    public String asAnnotation() {
        return annotationName(kind) + (kind == Kind.VIRTUAL && size == UNBOUNDED ? "" : "(" + size + ")");
    }

    /** The default worker-JVM count: one per available processor. */
    public static int defaultProcesses() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * As a config rule's kind writes it: {@code thread(8)}, {@code virtual}, {@code virtual(100)}
     * (a call timeout is written after the rule's pattern: {@code callTimeout(30s)}).
     */
    @Override
    public String toString() {
        String name = kind.name().toLowerCase();
        return kind == Kind.VIRTUAL && size == UNBOUNDED ? name : name + "(" + size + ")";
    }
}
