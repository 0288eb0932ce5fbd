package dev.lox.agent.config;

import dev.lox.internal.PoolSpec;

/**
 * One line of the config file: what to make of the methods a pattern matches, and where the line
 * is, so that messages can say {@code lox.conf:3}.
 *
 * @param kind thread, virtual, process or gather
 * @param size the pool size for thread and process rules, the bound for virtual ones
 *     ({@link PoolSpec#UNBOUNDED} for none); 0 runs calls in the caller; 0 for gather
 * @param pattern the methods the rule applies to
 * @param file the config file as the user named it
 * @param line the 1-based line number
 */
public record ConfigRule(Kind kind, int size, MethodPattern pattern, String file, int line) {

    /** What a rule makes of its methods. */
    public enum Kind {
        /** A parallel method on a pool of threads. */
        THREAD,
        /** A parallel method on a pool of worker JVMs. */
        PROCESS,
        /** A parallel method whose calls each run on a virtual thread. */
        VIRTUAL,
        /** A gather region. */
        GATHER
    }

    /** Where the rule is written: {@code lox.conf:3}. */
    public String origin() {
        return file + ":" + line;
    }

    /** Whether the rule makes methods parallel (thread, virtual or process), rather than gather regions. */
    public boolean isParallel() {
        return kind != Kind.GATHER;
    }

    /** The pool of a thread, virtual or process rule. */
    public PoolSpec poolSpec() {
        if (kind == Kind.GATHER) {
            throw new IllegalStateException("a gather rule has no pool: " + this);
        }
        return switch (kind) {
            case THREAD -> PoolSpec.threads(size);
            case PROCESS -> PoolSpec.processes(size);
            case VIRTUAL -> PoolSpec.virtual(size);
            case GATHER -> throw new AssertionError(kind);
        };
    }

    @Override
    public String toString() {
        String head = kind == Kind.GATHER ? "gather" : poolSpec().toString();
        return head + " " + pattern + " (" + origin() + ")";
    }
}
