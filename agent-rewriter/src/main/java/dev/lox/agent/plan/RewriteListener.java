package dev.lox.agent.plan;

import dev.lox.agent.analysis.CallSite;
import dev.lox.agent.config.Hazard;
import dev.lox.agent.config.ConfigRule;
import dev.lox.internal.PoolSpec;
import java.util.List;
import java.util.Set;

/**
 * What the planner finds worth saying, as events: {@link AgentMessages}, the one implementation that
 * prints, owns every sentence; tests record the events. Modelled on Byte Buddy's
 * {@code AgentBuilder.Listener}.
 */
public interface RewriteListener {
    /** A parallel method that scatters in regions. */
    void parallel(MethodFacts method, PoolSpec pool, String origin, String overridden);

    /** A parallel method that returns a value: a plain call runs it synchronously. */
    void valueReturning(MethodFacts method, PoolSpec pool, String origin, String overridden, boolean overloaded);

    /** A gather region. */
    void region(MethodFacts method, String origin);

    /** A second thread/process rule matched a method an earlier one already makes parallel. */
    void overlap(MethodFacts method, ConfigRule first, ConfigRule ignored);

    /**
     * A rule or annotation on a method with no body.
     *
     * @param rule the rule, or null when annotations mark it
     * @param parallelMark the parallel annotation ({@code @Lox.Thread(2)}), or null
     */
    void noBody(MethodFacts method, ConfigRule rule, String parallelMark);

    /** An annotation that cannot take effect (two pools, a negative size): {@code problem} says why. */
    void badAnnotation(MethodFacts method, String problem);

    /** A name in {@code @Lox.Gather(accept = ...)} that is no hazard. */
    void badAccept(MethodFacts method, String problem);

    /** A synchronized region and a synchronized parallel method on one monitor. */
    void monitorDeadlock(MethodFacts region, MethodFacts call);

    /** A rule whose class pattern matches this class and whose method part matches none of its methods. */
    void unmatchedRule(ConfigRule rule, String className, List<String> close);

    /** A call site the analysis found; {@code verbose} lists each. */
    void callSite(CallSite site);

    /**
     * A call site that runs synchronously even inside a region, for the hazards it has that no rule
     * accepts.
     *
     * @param accept how to accept them: a config line to write, or an annotation
     * @param replaces the rule that line replaces ({@code lox.conf:4}), or null
     * @param inRegion whether the call lies in a region method, or in a method of its class that a
     *     region calls (else it matters only if a region elsewhere reaches it)
     */
    void hazardous(CallSite site, Set<Hazard> hazards, String accept, String replaces, boolean inRegion);

    /** At exit: a parallel method that no gather region called, so none of its calls scattered. */
    void neverInRegion(String method, String origin);

    /** At exit, after every {@link #neverInRegion}: the last word, for what was summed up rather than said one by one. */
    default void exit() {
    }
}
