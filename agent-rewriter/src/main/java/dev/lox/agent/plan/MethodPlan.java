package dev.lox.agent.plan;

import dev.lox.agent.config.Hazard;
import dev.lox.agent.config.ConfigRule;
import dev.lox.internal.PoolSpec;
import java.util.Set;

/**
 * What the rewriter does to one method, decided before anything is rewritten.
 *
 * @param method the method
 * @param parallel how it is parallel, or null
 * @param region how it is a gather region, or null
 * @param holdsScatteringCall whether it makes a call of a method that scatters in a region, with
 *     hazards or without: for its callers' analysis, a call of it counts as a scattered call
 * @param scatteringCalls the positions (among its method calls, see {@code CallSite.callIndex}) of
 *     the calls it makes that the analysis let scatter in a region
 * @param synchronousCalls the positions of the calls it makes that run synchronously even in a
 *     region, for a hazard its rules do not accept
 * @param gatherBody whether it is handed straight to {@code Lox.gather} (a lambda body, a method
 *     reference), which asks for it by {@code GatherRegion.LOX_GATHER_BODY} when it runs it
 */
public record MethodPlan(MethodFacts method, Parallel parallel, Region region, boolean holdsScatteringCall,
        Set<Integer> scatteringCalls, Set<Integer> synchronousCalls, boolean gatherBody) {

    public MethodPlan {
        scatteringCalls = Set.copyOf(scatteringCalls);
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
        /** Whether its rule lets calls the agent did not analyse scatter all the same. */
        public boolean acceptsUnanalysed() {
            return rule != null && rule.accept().contains(Hazard.UNANALYSED);
        }
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

        /** Whether calls the agent did not analyse scatter in it all the same. */
        public boolean acceptsUnanalysed() {
            return accept.contains(Hazard.UNANALYSED);
        }
    }

    /** Whether plain calls of it scatter in a region: parallel, and returning void or a future. */
    public boolean scatters() {
        return parallel != null && method.isScatterable();
    }

    /** Whether the rewriter changes the method at all. */
    public boolean changes() {
        return scatters() || region != null || needsHelperEntry() || analysesCalls();
    }

    /** Whether it makes calls the analysis judged, each of which the rewriter brackets with its verdict. */
    public boolean analysesCalls() {
        return !scatteringCalls.isEmpty() || !synchronousCalls.isEmpty();
    }

    /**
     * Whether it needs the entry that runs it outside the thread's regions unless an analysed call
     * site let it go on in them: it makes a call that scatters, and is neither a scattering method
     * (whose entry code does it) nor a region (which gathers its own calls before it returns).
     */
    public boolean needsHelperEntry() {
        return !scatteringCalls.isEmpty() && !scatters() && region == null;
    }
}
