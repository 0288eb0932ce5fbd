package dev.lox.agent.plan;

import dev.lox.agent.analysis.CallSite;
import java.util.List;

/**
 * What the rewriter does to one class: a plan per method that changes, and the call sites the
 * analysis found (each scatters or runs synchronously). Built by {@link ClassPlanner}, applied by
 * the rewriter ({@code dev.lox.agent.rewrite.AsmRewriter}).
 */
public record ClassPlan(String className, List<MethodPlan> methods, List<CallSite> callSites) {
    public ClassPlan {
        methods = List.copyOf(methods);
        callSites = List.copyOf(callSites);
    }

    /** Whether the class is rewritten at all. */
    public boolean changes() {
        for (MethodPlan method : methods) {
            if (method.changes()) {
                return true;
            }
        }
        return false;
    }

    /** The plan of a method, or null. */
    public MethodPlan method(String name, String descriptor) {
        for (MethodPlan plan : methods) {
            if (plan.method().name().equals(name) && plan.method().descriptor().equals(descriptor)) {
                return plan;
            }
        }
        return null;
    }
}
