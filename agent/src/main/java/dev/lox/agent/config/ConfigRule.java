package dev.lox.agent.config;

import dev.lox.internal.PoolSpec;

/**
 * One line of the config file: what to make of the methods a pattern matches, and where the line
 * is, so that messages can say {@code lox.conf:3}.
 *
 * @param kind thread, process or gather
 * @param size the pool size for thread and process rules (0 runs calls in the caller); 0 for gather
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
        /** A gather region. */
        GATHER
    }

    /** Where the rule is written: {@code lox.conf:3}. */
    public String origin() {
        return file + ":" + line;
    }

    /** Whether the rule makes methods parallel (thread or process), rather than gather regions. */
    public boolean isParallel() {
        return kind != Kind.GATHER;
    }

    /** The pool of a thread or process rule. */
    public PoolSpec poolSpec() {
        if (kind == Kind.GATHER) {
            throw new IllegalStateException("a gather rule has no pool: " + this);
        }
        return kind == Kind.THREAD ? PoolSpec.threads(size) : PoolSpec.processes(size);
    }

    @Override
    public String toString() {
        String head = kind == Kind.GATHER ? "gather" : kind.name().toLowerCase() + "(" + size + ")";
        return head + " " + pattern + " (" + origin() + ")";
    }
}
