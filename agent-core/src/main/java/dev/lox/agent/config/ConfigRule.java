package dev.lox.agent.config;

import dev.lox.internal.PoolSpec;
import dev.lox.internal.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * One line of the config file: what to make of the methods a pattern matches, and where the line
 * is, so that messages can say {@code lox.conf:3}.
 *
 * @param kind thread, virtual, process, cluster, gather, or carry
 * @param size the pool size for thread and process rules, the bound for virtual ones
 *     ({@link PoolSpec#UNBOUNDED} for none); 0 runs calls in the caller; 0 for the others
 * @param pattern the methods the rule applies to; for {@code carry Class#FIELD}, the class and the
 *     field's name in the method's place; null for {@code carry mdc}
 * @param file the config file as the user named it
 * @param line the 1-based line number
 * @param accept the hazards the rule accepts ({@code accept(try-catch,used-after)}): calls with only
 *     these hazards scatter (of a gather rule: the calls its regions make; of a parallel rule: the
 *     calls of its methods)
 * @param callTimeout a process or cluster rule's {@code callTimeout(30s)}: how long one call may run in
 *     a worker or on a member ({@link Duration#ZERO}: no limit); null for the pool's default
 */
public record ConfigRule(Kind kind, int size, MethodPattern pattern, String file, int line, Set<Hazard> accept,
        Duration callTimeout) {

    public ConfigRule {
        accept = Set.copyOf(accept);
    }

    public ConfigRule(Kind kind, int size, MethodPattern pattern, String file, int line) {
        this(kind, size, pattern, file, line, Set.of(), null);
    }

    /** What a rule makes of its methods. */
    public enum Kind {
        /** A parallel method on a pool of threads. */
        THREAD,
        /** A parallel method on a pool of worker JVMs. */
        PROCESS,
        /** A parallel method whose calls each run on a virtual thread. */
        VIRTUAL,
        /** A parallel method whose calls run on the members of a cluster. */
        CLUSTER,
        /** A gather region. */
        GATHER,
        /** {@code carry Class#FIELD}: a static ThreadLocal field carried into scattered calls. */
        CARRY,
        /** {@code carry mdc}: SLF4J's MDC carried into scattered calls. */
        CARRY_MDC
    }

    // equals and hashCode written out, not the record's own: those bootstrap through invokedynamic
    // (ObjectMethods), and the planner puts rules in sets at the first class lox rewrites.

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigRule r && kind == r.kind && size == r.size && line == r.line
                && java.util.Objects.equals(pattern, r.pattern) && java.util.Objects.equals(file, r.file)
                && accept.equals(r.accept);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, size, pattern, file, line, accept);
    }

    /** Where the rule is written: {@code lox.conf:3}. */
    public String origin() {
        return file + ":" + line;
    }

    /** Whether the rule makes methods parallel (thread, virtual, process or cluster), rather than gather regions. */
    public boolean isParallel() {
        return kind != Kind.GATHER && !isCarry();
    }

    /** Whether the rule carries context ({@code carry}) rather than marking methods. */
    public boolean isCarry() {
        return kind == Kind.CARRY || kind == Kind.CARRY_MDC;
    }

    /** The rules that concern methods: every rule but {@code carry}. */
    public static List<ConfigRule> methodRules(List<ConfigRule> rules) {
        List<ConfigRule> methods = new ArrayList<>(rules.size());
        for (ConfigRule rule : rules) {
            if (!rule.isCarry()) {
                methods.add(rule);
            }
        }
        return methods;
    }

    /** The pool of a thread, virtual, process or cluster rule. */
    public PoolSpec poolSpec() {
        if (!isParallel()) {
            throw new IllegalStateException("a " + kind.name().toLowerCase() + " rule has no pool: " + this);
        }
        return switch (kind) {
            case THREAD -> PoolSpec.threads(size);
            case PROCESS -> callTimeout == null ? PoolSpec.processes(size) : PoolSpec.processes(size).withCallTimeout(callTimeout);
            case VIRTUAL -> PoolSpec.virtual(size);
            case CLUSTER -> callTimeout == null ? PoolSpec.cluster(size) : PoolSpec.cluster(size).withCallTimeout(callTimeout);
            case GATHER, CARRY, CARRY_MDC -> throw new AssertionError(kind);
        };
    }

    /** The rule as a config line writes it, with the given hazards accepted: {@code gather com.example.Batch#run accept(used-after)}. */
    public String lineAccepting(Set<Hazard> hazards) {
        StringJoiner names = new StringJoiner(",", " accept(", ")");
        for (Hazard hazard : Hazard.values()) {
            if (hazards.contains(hazard)) {
                names.add(hazard.configName());
            }
        }
        return head() + " " + pattern + (hazards.isEmpty() ? "" : names.toString())
                + (callTimeout == null ? "" : " callTimeout(" + Timeouts.write(callTimeout) + ")");
    }

    private String head() {
        return kind == Kind.GATHER ? "gather" : poolSpec().toString();
    }

    @Override
    public String toString() {
        if (isCarry()) {
            return "carry " + (pattern == null ? "mdc" : pattern) + " (" + origin() + ")";
        }
        return lineAccepting(accept) + " (" + origin() + ")";
    }
}
