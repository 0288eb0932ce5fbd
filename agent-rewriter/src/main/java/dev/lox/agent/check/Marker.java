package dev.lox.agent.check;

import dev.lox.agent.config.Hazard;
import dev.lox.agent.config.ConfigRule;
import dev.lox.agent.instrument.LoxTransformer;
import dev.lox.agent.plan.MethodFacts;
import dev.lox.internal.AnnotationMarks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, for every method of the class path, what the agent would make of it: which config rule
 * or annotation makes it parallel (a rule wins over an annotation; of two rules the first wins) and
 * which makes it a gather region, with the same exclusions (constructors, bridges, synthetic
 * methods, lox's own classes). Reports each rule's matches, and what cannot take effect.
 */
final class Marker {
    private final Types types;
    private final Bodies bodies;
    private final List<ConfigRule> rules;
    private final Findings findings;

    Marker(Types types, Bodies bodies, List<ConfigRule> rules, Findings findings) {
        this.types = types;
        this.bodies = bodies;
        this.rules = rules;
        this.findings = findings;
    }

    /** Every marked method, in class-path order. */
    Map<MethodKey, Mark> mark() {
        Map<MethodKey, Mark> marks = new LinkedHashMap<>();
        Map<ConfigRule, List<String>> matchedClasses = new LinkedHashMap<>();
        Set<ConfigRule> matchedRules = new HashSet<>();
        Set<String> overlaps = new HashSet<>();
        for (ConfigRule rule : rules) {
            matchedClasses.put(rule, new ArrayList<>());
        }
        for (String className : types.classPathNames()) {
            if (LoxTransformer.isLoxClass(className)) {
                continue;
            }
            List<ConfigRule> classRules = new ArrayList<>();
            String binary = Names.binary(className);
            for (ConfigRule rule : rules) {
                if (rule.pattern().matchesClass(binary)) {
                    classRules.add(rule);
                    matchedClasses.get(rule).add(className);
                }
            }
            TypeInfo type = types.type(className);
            for (TypeInfo.MethodInfo method : type.methods) {
                if (!method.isUserMethod() || (classRules.isEmpty() && !method.hasLoxAnnotation())) {
                    continue;
                }
                Mark mark = mark(method, classRules, matchedRules, overlaps);
                if (mark != null) {
                    marks.put(method.key(), mark);
                }
            }
        }
        for (ConfigRule rule : rules) {
            if (!matchedRules.contains(rule)) {
                noMatch(rule, matchedClasses.get(rule));
            }
        }
        return marks;
    }

    private Mark mark(TypeInfo.MethodInfo method, List<ConfigRule> classRules, Set<ConfigRule> matchedRules, Set<String> overlaps) {
        Mark mark = new Mark(method);
        for (ConfigRule rule : classRules) {
            if (!rule.pattern().matchesMethod(method.name, method.descriptor)) {
                continue;
            }
            matchedRules.add(rule);
            if (rule.isParallel() && mark.parallelRule == null) {
                mark.parallelRule = rule;
            } else if (!rule.isParallel() && mark.regionRule == null) {
                mark.regionRule = rule;
            } else if (rule.isParallel() && overlaps.add(mark.parallelRule.origin() + " " + rule.origin())) {
                findings.add(rule.origin(), Finding.Kind.OVERLAP, true, ruleText(rule) + " also matches " + method.key().display()
                        + ", which " + mark.parallelRule.origin() + " (" + ruleText(mark.parallelRule)
                        + ") already makes parallel; the first matching rule wins: put the more specific rule first, or remove one",
                        Finding.facts("method", method.key().display(), "rule", ruleText(rule), "winner", mark.parallelRule.origin()));
            }
        }
        annotations(mark);
        if (mark.parallelRule != null) {
            mark.pool = mark.parallelRule.poolSpec();
            mark.parallelOrigin = mark.parallelRule.origin();
        }
        if (mark.regionRule != null) {
            mark.regionAccept.addAll(mark.regionRule.accept());
        }
        mark.regionOrigin = mark.regionRule != null ? mark.regionRule.origin() : mark.regionAnnotation ? bodies.location(method.key()) : null;
        if (!mark.isParallel() && !mark.isRegion()) {
            return null;
        }
        for (ConfigRule rule : new ConfigRule[] {mark.parallelRule, mark.regionRule}) {
            if (rule == null) {
                continue;
            }
            findings.add(rule.origin(), Finding.Kind.MATCH, false, ruleText(rule) + " matches " + method.key().display()
                    + (rule == mark.parallelRule && mark.parallelAnnotation != null ? ", overriding " + mark.parallelAnnotation : ""),
                    Finding.facts("method", method.key().display(), "rule", ruleText(rule)));
        }
        if (method.isAbstract() || method.isNative()) {
            noBody(mark);
            return null;
        }
        return mark;
    }

    /**
     * Reads the method's annotations into the mark, by the rule {@link AnnotationMarks} shares with
     * {@code Lox.of} and the agent: a parallel annotation counts unless a rule already made the
     * method parallel.
     */
    private void annotations(Mark mark) {
        TypeInfo.MethodInfo method = mark.method;
        if (!method.hasLoxAnnotation()) {
            return;
        }
        String origin = bodies.location(method.key());
        MethodFacts facts = method.facts;
        AnnotationMarks.Marks marks;
        try {
            marks = AnnotationMarks.read(facts.parallel(), facts.callTimeout(), facts.gather(), facts.accept(), method.key().display());
        } catch (IllegalArgumentException e) {
            findings.add(origin, Finding.Kind.BAD_ANNOTATION, true, e.getMessage() + "; the method runs as it is written",
                    Finding.facts("method", method.key().display()));
            marks = AnnotationMarks.read(Map.of(), "", facts.gather(), facts.accept(), method.key().display());
        }
        if (marks.gather() && mark.regionRule == null) {
            mark.regionAnnotation = true;
            for (String name : marks.accept()) {
                try {
                    mark.regionAccept.add(Hazard.ofConfigName(name));
                } catch (IllegalArgumentException e) {
                    findings.add(origin, Finding.Kind.BAD_ANNOTATION, true, "@Lox.Gather(accept = \"" + name + "\") on "
                            + method.key().display() + ": " + e.getMessage() + "; the region accepts the others",
                            Finding.facts("method", method.key().display()));
                }
            }
        }
        if (marks.isParallel()) {
            mark.parallelAnnotation = marks.origin();
            if (mark.parallelRule == null) {
                mark.pool = marks.pool();
                mark.parallelOrigin = origin;
            }
        }
    }

    private void noBody(Mark mark) {
        TypeInfo.MethodInfo method = mark.method;
        String what = method.isAbstract() ? "abstract" : "native";
        String fix = method.isAbstract() ? "name the implementing class's method instead" : "mark a Java method that calls it";
        for (ConfigRule rule : new ConfigRule[] {mark.parallelRule, mark.regionRule}) {
            if (rule != null && !rule.pattern().hasClassWildcard()) {
                findings.add(rule.origin(), Finding.Kind.NO_BODY, true, rule.pattern() + " matches " + method.key().display()
                        + ", which is " + what + ", so there is no body to instrument: " + fix,
                        Finding.facts("method", method.key().display(), "rule", ruleText(rule)));
            }
        }
        if (mark.parallelRule == null && mark.parallelAnnotation != null || mark.regionAnnotation) {
            String annotation = mark.parallelRule == null && mark.parallelAnnotation != null ? mark.parallelAnnotation : "@Lox.Gather";
            findings.add(bodies.location(method.key()), Finding.Kind.NO_BODY, true, annotation + " on " + method.key().display()
                    + " cannot take effect: the method is " + what + " and annotations are not inherited by implementations; "
                    + (method.isAbstract() ? "mark the implementing method instead" : "mark a Java method that calls it"),
                    Finding.facts("method", method.key().display()));
        }
    }

    /** A rule that matched no method: the classes it names and the methods it may have meant, as the agent says it. */
    private void noMatch(ConfigRule rule, List<String> classes) {
        if (classes.isEmpty()) {
            List<String> close = sameSimpleName(rule);
            findings.add(rule.origin(), Finding.Kind.NO_MATCH, true, ruleText(rule) + " matches no class on the class path"
                    + (close.isEmpty() ? "; check the package and the class name" : "; close: " + String.join(", ", close)),
                    Finding.facts("rule", ruleText(rule), "close", close));
            return;
        }
        Set<String> close = new LinkedHashSet<>();
        for (String className : classes) {
            TypeInfo type = types.type(className);
            List<String> names = new ArrayList<>();
            for (TypeInfo.MethodInfo m : type.methods) {
                if (m.isUserMethod()) {
                    names.add(m.name);
                }
            }
            List<String> closeNames = rule.pattern().closeNames(names);
            for (TypeInfo.MethodInfo m : type.methods) {
                if (m.isUserMethod() && closeNames.contains(m.name)) {
                    close.add((classes.size() == 1 ? "" : Names.binary(className) + "#") + m.name + Names.ruleParameters(m.descriptor));
                }
            }
            if (close.size() >= 10) {
                break;
            }
        }
        String where = classes.size() == 1 ? "of " + Names.binary(classes.get(0)) : "of the " + classes.size() + " classes it names";
        findings.add(rule.origin(), Finding.Kind.NO_MATCH, true, rule.pattern() + " matches no method " + where
                + (close.isEmpty() ? "" : "; close: " + String.join(", ", close)),
                Finding.facts("rule", ruleText(rule), "close", List.copyOf(close)));
    }

    /** Classes whose simple name is the one the rule names: the rule may have the wrong package. */
    private List<String> sameSimpleName(ConfigRule rule) {
        String glob = rule.pattern().classGlob().replace('$', '.');
        String simple = glob.substring(glob.lastIndexOf('.') + 1);
        List<String> close = new ArrayList<>();
        if (simple.isEmpty() || simple.indexOf('*') >= 0) {
            return close;
        }
        for (String className : types.classPathNames()) {
            String binary = Names.binary(className).replace('$', '.');
            if (binary.substring(binary.lastIndexOf('.') + 1).equalsIgnoreCase(simple) && close.size() < 5) {
                close.add(Names.binary(className));
            }
        }
        return close;
    }

    /** The rule as its line writes it: {@code thread(4) com.example.Crawler#fetch accept(used-after)}. */
    static String ruleText(ConfigRule rule) {
        return rule.lineAccepting(rule.accept());
    }
}
