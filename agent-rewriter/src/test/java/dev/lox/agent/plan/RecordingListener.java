package dev.lox.agent.plan;

import dev.lox.agent.analysis.CallSite;
import dev.lox.agent.config.Hazard;
import dev.lox.agent.config.ConfigRule;
import dev.lox.internal.PoolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Keeps the planner's events as short, stable strings: what tests assert instead of sentences. */
final class RecordingListener implements RewriteListener {
    final List<String> events = new ArrayList<>();
    final List<CallSite> hazardous = new ArrayList<>();
    final List<String> accepts = new ArrayList<>();

    @Override
    public void parallel(MethodFacts method, PoolSpec pool, String origin, String overridden) {
        events.add("parallel " + method.name() + " " + pool + " " + origin + (overridden != null ? " over " + overridden : ""));
    }

    @Override
    public void valueReturning(MethodFacts method, PoolSpec pool, String origin, String overridden, boolean overloaded) {
        events.add("value " + method.name() + (overloaded ? " overloaded" : ""));
    }

    @Override
    public void region(MethodFacts method, String origin) {
        events.add("region " + method.name() + " " + origin);
    }

    @Override
    public void overlap(MethodFacts method, ConfigRule first, ConfigRule ignored) {
        events.add("overlap " + method.name() + " " + first.origin() + " " + ignored.origin());
    }

    @Override
    public void noBody(MethodFacts method, ConfigRule rule, String parallelMark) {
        events.add("noBody " + method.name());
    }

    @Override
    public void badAnnotation(MethodFacts method, String problem) {
        events.add("badAnnotation " + method.name());
    }

    @Override
    public void badAccept(MethodFacts method, String problem) {
        events.add("badAccept " + method.name());
    }

    @Override
    public void monitorDeadlock(MethodFacts region, MethodFacts call) {
        events.add("monitor " + region.name() + " " + call.name());
    }

    @Override
    public void unmatchedRule(ConfigRule rule, String className, List<String> close) {
        events.add("unmatched " + rule.origin() + " " + close);
    }

    @Override
    public void callSite(CallSite site) {
        events.add("site " + site.callerMethod() + " -> " + site.callee().name() + (site.scatters() ? " scatters" : " synchronous"));
    }

    @Override
    public void hazardous(CallSite site, Set<Hazard> hazards, String accept, String replaces, boolean inRegion) {
        hazardous.add(site);
        accepts.add(accept + (replaces != null ? " @" + replaces : "") + (inRegion ? "" : " (outside regions)"));
    }

    @Override
    public void neverInRegion(String method, String origin) {
        events.add("never " + method);
    }
}
