package dev.lox.agent.plan;

import dev.lox.agent.analysis.Hazard;
import dev.lox.agent.config.ConfigRule;
import dev.lox.internal.PoolSpec;
import java.util.Set;

/**
 * What the rewriter does to one method, decided before anything is rewritten.
 *
 * @param method the method
 * @param parallel how it is parallel, or null
 * @param region how it is a gather region, or null
 * @param holdsScatteringCall whether it makes a call that scatters in a region: a hazardous call of
 *     it must be able to run it outside the region
 * @param synchronousCalls the positions (among its method calls, see {@code CallSite.callIndex}) of
 *     the calls it makes that run synchronously even in a region
 */
public record MethodPlan(MethodFacts method, Parallel parallel, Region region, boolean holdsScatteringCall,
        Set<Integer> synchronousCalls) {

    public MethodPlan {
        synchronousCalls = Set.copyOf(synchronousCalls);
    }

    /**
     * A parallel method: its pool and why.
     *
     * @param rule the config rule that makes it parallel, or null for an annotation
     * @param origin {@code lox.conf:3} or {@code @Lox.Thread(8)}
     * @param overridden the annotation a rule overrides, or null
     */
    public record Parallel(PoolSpec pool, ConfigRule rule, String origin, String overridden) {
    }

    /**
     * A gather region.
     *
     * @param rule its gather rule, or null for {@code @Lox.Gather}
     * @param accept the hazards it accepts for the calls it makes
     */
    public record Region(ConfigRule rule, Set<Hazard> accept) {
        public Region {
            accept = Set.copyOf(accept);
        }

        public String origin() {
            return rule != null ? rule.origin() : "@Lox.Gather";
        }
    }

    /** Whether plain calls of it scatter in a region: parallel, and returning void or a future. */
    public boolean scatters() {
        return parallel != null && method.isScatterable();
    }

    /** Whether the rewriter changes the method at all. */
    public boolean changes() {
        return scatters() || region != null || needsSynchronousEntry() || !synchronousCalls.isEmpty();
    }

    /**
     * Whether it needs the entry that lets a hazardous call run it outside the region: it holds a
     * scattering call and is neither a scattering method (whose entry code does it) nor a region (which
     * gathers its own calls before it returns).
     */
    public boolean needsSynchronousEntry() {
        return holdsScatteringCall && !scatters() && region == null;
    }
}
