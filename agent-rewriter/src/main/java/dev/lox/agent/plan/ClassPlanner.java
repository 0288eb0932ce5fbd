package dev.lox.agent.plan;

import dev.lox.agent.analysis.CallSite;
import dev.lox.agent.analysis.CallSiteAnalyzer;
import dev.lox.agent.analysis.ClassModel;
import dev.lox.agent.analysis.ForeignRoles;
import dev.lox.agent.config.Hazard;
import dev.lox.agent.analysis.MethodKey;
import dev.lox.agent.analysis.MethodRoles;
import dev.lox.agent.config.ConfigRule;
import dev.lox.internal.AnnotationMarks;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;

/**
 * Decides what to do to one class, and rewrites nothing: for each method its marks (annotations,
 * read by {@link AnnotationMarks}'s rule, and config rules; a rule wins over an annotation, the
 * first of two parallel rules wins), and for each call that scatters in a region its hazards
 * ({@link CallSiteAnalyzer}); a call whose hazards its rules do not all accept runs synchronously,
 * and so does, at run time, a call the analysis never saw (see {@code GatherRegion.suspendUnlessRequested}).
 * What is worth saying goes to the {@link RewriteListener}.
 */
public final class ClassPlanner {
    private final Callees callees;
    private final RewriteListener listener;

    public ClassPlanner(Callees callees, RewriteListener listener) {
        this.callees = callees;
        this.listener = listener;
    }

    /**
     * Plans a class as it loads.
     *
     * @param rules the config rules whose class pattern matches the class
     */
    public ClassPlan plan(ClassLoader loader, byte[] classFile, List<ConfigRule> rules) {
        return plan(loader, new ClassReader(classFile), rules);
    }

    /**
     * The same, from a reader the caller goes on using (the rewriter writes the class from it: the
     * constant pool is parsed once, and the strings ASM decoded while planning are decoded once).
     * The class file is read once here, for its facts and the analysis's model together.
     */
    public ClassPlan plan(ClassLoader loader, ClassReader classFile, List<ConfigRule> rules) {
        OtherClasses others = new OtherClasses(loader);
        ClassModel model = new ClassModel(others);
        ClassFacts facts = ClassFacts.read(classFile, model, ClassReader.SKIP_FRAMES);
        callees.remember(loader, facts);
        String className = facts.className();
        // Which rules matched a method, by position: a set's remove would hash the rule (all its
        // parts) once per method and rule.
        boolean[] matched = new boolean[rules.size()];
        Map<String, MethodPlan.Parallel> parallel = new LinkedHashMap<>();
        Map<String, MethodPlan.Region> regions = new LinkedHashMap<>();
        Map<String, MethodFacts> marked = new LinkedHashMap<>();
        for (MethodFacts method : facts.methods()) {
            // Compiler-generated methods are not the user's: a wildcard rule must not make a lambda's
            // body parallel, and no annotation sits on one.
            if (method.isGenerated()) {
                continue;
            }
            ConfigRule parallelRule = null;
            ConfigRule gatherRule = null;
            for (int r = 0; r < rules.size(); r++) {
                ConfigRule rule = rules.get(r);
                if (!rule.pattern().matchesMethod(method.name(), method.descriptor())) {
                    continue;
                }
                matched[r] = true;
                if (rule.isParallel() && parallelRule == null) {
                    parallelRule = rule;
                } else if (!rule.isParallel() && gatherRule == null) {
                    gatherRule = rule;
                } else if (rule.isParallel()) {
                    listener.overlap(method, parallelRule, rule);
                }
            }
            AnnotationMarks.Marks marks = marks(method);
            if (parallelRule == null && !marks.isParallel() && gatherRule == null && !marks.gather()) {
                continue;
            }
            if (method.isAbstract() || method.isNative()) {
                listener.noBody(method, parallelRule != null ? parallelRule : gatherRule, marks.origin());
                continue;
            }
            String key = method.name() + method.descriptor();
            marked.put(key, method);
            if (parallelRule != null || marks.isParallel()) {
                MethodPlan.Parallel p = parallelRule != null
                        ? new MethodPlan.Parallel(parallelRule.poolSpec(), parallelRule, parallelRule.origin(), marks.origin())
                        : new MethodPlan.Parallel(marks.pool(), null, marks.origin(), null);
                parallel.put(key, p);
                if (method.isScatterable()) {
                    listener.parallel(method, p.pool(), p.origin(), p.overridden());
                } else {
                    listener.valueReturning(method, p.pool(), p.origin(), p.overridden(), isOverloaded(facts, method));
                }
            }
            if (gatherRule != null || marks.gather()) {
                MethodPlan.Region region = gatherRule != null
                        ? new MethodPlan.Region(gatherRule, gatherRule.accept())
                        : new MethodPlan.Region(null, accepted(method, marks));
                regions.put(key, region);
                listener.region(method, region.origin());
            }
        }
        warnMonitorDeadlocks(marked, parallel, regions);
        for (ConfigRule rule : unmatched(rules, matched)) {
            listener.unmatchedRule(rule, className, closeMatches(facts, rule));
        }

        CallSiteAnalyzer.ClassAnalysis analysis = new CallSiteAnalyzer(new Roles(loader, others, facts, parallel, regions, marked))
                .analyze(model);
        List<CallSite> sites = analysis.sites();
        Set<String> inRegion = inRegion(className, regions.keySet(), sites);
        Map<String, Set<Integer>> scatteringCalls = new HashMap<>();
        Map<String, Set<Integer>> synchronousCalls = new HashMap<>();
        Set<String> holders = new HashSet<>();
        for (CallSite site : sites) {
            listener.callSite(site);
            String caller = site.callerMethod() + site.callerDescriptor();
            holders.add(caller);
            if (site.scatters()) {
                add(scatteringCalls, caller, site.callIndex());
            } else {
                add(synchronousCalls, caller, site.callIndex());
                hazardous(site, regions.get(caller), inRegion.contains(caller));
            }
        }

        List<MethodPlan> plans = new ArrayList<>();
        for (MethodFacts method : facts.methods()) {
            String key = method.name() + method.descriptor();
            MethodPlan plan = new MethodPlan(method, parallel.get(key), regions.get(key), holders.contains(key),
                    scatteringCalls.getOrDefault(key, Set.of()), synchronousCalls.getOrDefault(key, Set.of()),
                    analysis.gatherBodies().contains(key));
            if (plan.parallel() != null || plan.region() != null || plan.holdsScatteringCall()) {
                plans.add(plan);
            }
        }
        return new ClassPlan(className, plans, sites);
    }

    /**
     * The rules no method matched, in order, each once: two equal rules (the same line of the same
     * file) match the same methods, so a rule is unmatched whichever of its copies is asked.
     */
    private static Set<ConfigRule> unmatched(List<ConfigRule> rules, boolean[] matched) {
        Set<ConfigRule> unmatched = new LinkedHashSet<>();
        for (int r = 0; r < rules.size(); r++) {
            if (!matched[r]) {
                unmatched.add(rules.get(r));
            }
        }
        return unmatched;
    }

    /** No lambda: the first rewrite links no invokedynamic (see the start-up figures in docs/benchmarks.md). */
    private static void add(Map<String, Set<Integer>> calls, String caller, int callIndex) {
        Set<Integer> indexes = calls.get(caller);
        if (indexes == null) {
            indexes = new HashSet<>();
            calls.put(caller, indexes);
        }
        indexes.add(callIndex);
    }

    /** The method's annotations by the shared rule; one that cannot take effect is said, and the method is left as it is. */
    private AnnotationMarks.Marks marks(MethodFacts method) {
        try {
            return AnnotationMarks.read(method.parallel(), method.callTimeout(), method.gather(), method.accept(), method);
        } catch (IllegalArgumentException e) {
            listener.badAnnotation(method, e.getMessage());
            return AnnotationMarks.read(Map.of(), "", method.gather(), method.accept(), method);
        }
    }

    private Set<Hazard> accepted(MethodFacts method, AnnotationMarks.Marks marks) {
        Set<Hazard> accept = EnumSet.noneOf(Hazard.class);
        for (String name : marks.accept()) {
            try {
                accept.add(Hazard.ofConfigName(name));
            } catch (IllegalArgumentException e) {
                listener.badAccept(method, e.getMessage());
            }
        }
        return accept;
    }

    /**
     * The methods of the class that are regions, or lambda bodies (a {@code Lox.gather(() -> ...)}
     * block is one), or that those call through scattering calls.
     */
    private static Set<String> inRegion(String className, Set<String> regions, List<CallSite> sites) {
        Set<String> reached = new HashSet<>(regions);
        for (CallSite site : sites) {
            if (site.callerMethod().startsWith("lambda$")) {
                reached.add(site.callerMethod() + site.callerDescriptor());
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (CallSite site : sites) {
                if (site.callee().owner().equals(className) && reached.contains(site.callerMethod() + site.callerDescriptor())) {
                    grew |= reached.add(site.callee().name() + site.callee().descriptor());
                }
            }
        }
        return reached;
    }

    /** How to accept a hazardous call's hazards: on its region's rule or annotation, else on its callee's rule. */
    private void hazardous(CallSite site, MethodPlan.Region region, boolean inRegion) {
        Set<Hazard> unaccepted = site.unaccepted();
        if (region != null && region.rule() != null) {
            listener.hazardous(site, unaccepted, region.rule().lineAccepting(union(region.accept(), unaccepted)),
                    region.rule().origin(), inRegion);
            return;
        }
        if (region != null) {
            StringBuilder names = new StringBuilder();
            for (Hazard hazard : union(region.accept(), unaccepted)) {
                names.append(names.length() == 0 ? "" : ", ").append('"').append(hazard.configName()).append('"');
            }
            listener.hazardous(site, unaccepted, "@Lox.Gather(accept = {" + names + "})", null, inRegion);
            return;
        }
        ConfigRule calleeRule = callees.parallelRule(site.callee());
        if (calleeRule != null) {
            listener.hazardous(site, unaccepted, calleeRule.lineAccepting(union(calleeRule.accept(), unaccepted)),
                    calleeRule.origin(), inRegion);
        } else {
            listener.hazardous(site, unaccepted, null, null, inRegion);
        }
    }

    private static Set<Hazard> union(Set<Hazard> a, Set<Hazard> b) {
        EnumSet<Hazard> all = EnumSet.noneOf(Hazard.class);
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    private static boolean isOverloaded(ClassFacts facts, MethodFacts method) {
        for (MethodFacts other : facts.methods()) {
            if (other != method && !other.isGenerated() && other.name().equals(method.name())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A synchronized region holds its monitor until it has gathered; a synchronized parallel method
     * on the same monitor (both instance methods, or both static) that it calls is scattered to a
     * pool thread that waits for that monitor: neither goes on.
     */
    private void warnMonitorDeadlocks(Map<String, MethodFacts> marked, Map<String, MethodPlan.Parallel> parallel,
            Map<String, MethodPlan.Region> regions) {
        for (String region : regions.keySet()) {
            MethodFacts r = marked.get(region);
            if (!r.isSynchronized()) {
                continue;
            }
            for (String call : parallel.keySet()) {
                MethodFacts c = marked.get(call);
                if (c.isSynchronized() && c.isScatterable() && c.isStatic() == r.isStatic() && !call.equals(region)) {
                    listener.monitorDeadlock(r, c);
                }
            }
        }
    }

    private static List<String> closeMatches(ClassFacts facts, ConfigRule rule) {
        List<String> names = new ArrayList<>();
        for (MethodFacts m : facts.methods()) {
            if (!m.isGenerated()) {
                names.add(m.name());
            }
        }
        List<String> close = rule.pattern().closeNames(names);
        Set<String> closeMethods = new LinkedHashSet<>();
        for (MethodFacts m : facts.methods()) {
            if (!m.isGenerated() && close.contains(m.name())) {
                closeMethods.add(m.name() + m.ruleParameters());
            }
        }
        return new ArrayList<>(closeMethods);
    }

    /**
     * The analysis's questions about other classes' methods, asked as the class file is read (before
     * the class's own plan exists): what the agent knows of them. {@link Roles} answers the same.
     */
    private final class OtherClasses implements ForeignRoles {
        private final ClassLoader loader;

        OtherClasses(ClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public boolean isScatterable(MethodKey method) {
            return callees.isScatterable(loader, method);
        }

        @Override
        public boolean holdsScatteringCall(MethodKey method) {
            return callees.holdsScatteringCall(loader, method);
        }
    }

    /** The analysis's questions, answered from this class's plan and what the agent knows of others. */
    private final class Roles implements MethodRoles {
        private final ClassLoader loader;
        private final OtherClasses others;
        private final ClassFacts facts;
        private final String className;
        private final Map<String, MethodPlan.Parallel> parallel;
        private final Map<String, MethodPlan.Region> regions;
        private final Map<String, MethodFacts> marked;

        Roles(ClassLoader loader, OtherClasses others, ClassFacts facts, Map<String, MethodPlan.Parallel> parallel,
                Map<String, MethodPlan.Region> regions, Map<String, MethodFacts> marked) {
            this.loader = loader;
            this.others = others;
            this.facts = facts;
            this.className = facts.className();
            this.parallel = parallel;
            this.regions = regions;
            this.marked = marked;
        }

        /**
         * The answers of {@link #isScatterable} so far: the analysis asks again for every call of
         * the same method, and the answer does not change while the class is planned (as
         * {@code ClassModel.foreignKind} says of the foreign roles).
         */
        private final Map<MethodKey, Boolean> scatterable = new HashMap<>();

        @Override
        public boolean isScatterable(MethodKey method) {
            Boolean known = scatterable.get(method);
            if (known == null) {
                known = askScatterable(method);
                scatterable.put(method, known);
            }
            return known;
        }

        private boolean askScatterable(MethodKey method) {
            if (method.owner().equals(className)) {
                String key = method.name() + method.descriptor();
                MethodFacts declared = facts.method(method.name(), method.descriptor());
                if (parallel.containsKey(key) || (declared != null && !declared.isAbstract())) {
                    return parallel.containsKey(key) && marked.get(key).isScatterable();
                }
                // One it inherits, or an abstract one: it may reach a parallel override (Callees).
            }
            return others.isScatterable(method);
        }

        @Override
        public boolean holdsScatteringCall(MethodKey method) {
            return others.holdsScatteringCall(method);
        }

        @Override
        public boolean isRegion(MethodKey method) {
            if (method.owner().equals(className)) {
                return regions.containsKey(method.name() + method.descriptor());
            }
            return callees.isRegion(loader, method);
        }

        @Override
        public Set<Hazard> accepted(MethodKey caller, MethodKey callee) {
            EnumSet<Hazard> accepted = EnumSet.noneOf(Hazard.class);
            MethodPlan.Region region = regions.get(caller.name() + caller.descriptor());
            if (region != null) {
                accepted.addAll(region.accept());
            }
            MethodPlan.Parallel p = callee.owner().equals(className) ? parallel.get(callee.name() + callee.descriptor()) : null;
            ConfigRule rule = p != null ? p.rule() : callees.parallelRule(callee);
            if (rule != null) {
                accepted.addAll(rule.accept());
            }
            return accepted;
        }
    }
}
