package dev.lox.agent.check;

import dev.lox.agent.config.Hazard;
import dev.lox.agent.config.ConfigRule;
import dev.lox.internal.PoolSpec;
import java.util.EnumSet;
import java.util.Set;

/**
 * What lox makes of one method, decided as the agent decides it: parallel (by a config rule, which
 * wins, or an annotation), a gather region, or both.
 */
final class Mark {
    final TypeInfo.MethodInfo method;
    /** The pool, or null when the method is not parallel. */
    PoolSpec pool;
    /** The thread/process rule that makes it parallel, or null for an annotation (or none). */
    ConfigRule parallelRule;
    /** {@code @Lox.Thread(8)}, when an annotation makes it parallel. */
    String parallelAnnotation;
    /** The gather rule that makes it a region, or null. */
    ConfigRule regionRule;
    boolean regionAnnotation;
    /** The hazards the region's rule or {@code @Lox.Gather(accept = ...)} accepts for the calls it makes. */
    final Set<Hazard> regionAccept = EnumSet.noneOf(Hazard.class);
    /** Where its parallel mark is written: {@code lox.conf:3} or {@code example/app/Crawler.java:12}. */
    String parallelOrigin;
    String regionOrigin;

    Mark(TypeInfo.MethodInfo method) {
        this.method = method;
    }

    MethodKey key() {
        return method.key();
    }

    boolean isParallel() {
        return pool != null;
    }

    boolean isRegion() {
        return regionRule != null || regionAnnotation;
    }

    boolean isProcess() {
        // a cluster's calls travel by value as a process pool's do, by the same codec
        return pool != null && (pool.kind() == PoolSpec.Kind.PROCESS || pool.kind() == PoolSpec.Kind.CLUSTER);
    }

    /** A plain call can be scattered only if the caller gets nothing or a future back (the agent's rule). */
    boolean isScatterable() {
        return method.facts.isScatterable();
    }

    /** {@code thread(4)} for a rule (its origin starts the line), {@code @Lox.Thread(4)} for an annotation. */
    String parallelWhy() {
        return parallelRule != null ? pool.toString() : parallelAnnotation;
    }
}
