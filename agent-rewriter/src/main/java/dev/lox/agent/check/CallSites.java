package dev.lox.agent.check;

import dev.lox.agent.analysis.CallSite;
import dev.lox.agent.analysis.CallSiteAnalyzer;
import dev.lox.agent.config.Hazard;
import dev.lox.agent.config.ConfigRule;
import dev.lox.agent.instrument.ClassBytes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A region's call sites as findings, each marked scatters or runs synchronously, with its hazards:
 * the call-site analysis ({@link CallSiteAnalyzer}) judges each call in the methods the region's
 * thread reaches ({@link RegionWalk}); a call of a parallel method that returns a value runs
 * synchronously; a call made through a method reference cannot be analysed, nor can one in a class
 * the agent does not rewrite, so the agent runs either as written.
 */
final class CallSites {
    private final ClassFiles classFiles;
    private final CallSiteAnalyzer analyzer;
    private final CallGraph graph;
    private final Map<MethodKey, Mark> marks;
    private final List<ConfigRule> rules;
    /** Per class: whether the agent rewrites it, and so analyses its calls. */
    private final Map<String, Boolean> rewritten = new HashMap<>();
    /** Per class analysed: its call sites by the method holding them. */
    private final Map<String, Map<MethodKey, List<CallSite>>> analysed = new HashMap<>();

    CallSites(ClassFiles classFiles, CallSiteAnalyzer analyzer, CallGraph graph, Map<MethodKey, Mark> marks, List<ConfigRule> rules) {
        this.classFiles = classFiles;
        this.analyzer = analyzer;
        this.graph = graph;
        this.marks = marks;
        this.rules = List.copyOf(rules);
    }

    private record Line(int line, int callIndex, String message, boolean problem, Map<String, Object> facts) {
    }

    void report(Mark region, RegionWalk.Result walk, Bodies bodies, Findings findings) {
        Map<MethodKey, List<RegionWalk.Site>> walked = new LinkedHashMap<>();
        for (RegionWalk.Site site : walk.sites()) {
            walked.computeIfAbsent(site.caller(), k -> new ArrayList<>()).add(site);
        }
        String head = "gather region " + region.key().shortDisplay() + ": ";
        for (MethodKey method : walk.reached()) {
            List<Line> lines = new ArrayList<>();
            Set<Integer> judged = new HashSet<>();
            if (!agentRewrites(method.owner())) {
                unrewritten(region, method, walked.getOrDefault(method, List.of()), bodies, head, lines);
                addAll(lines, region, findings);
                continue;
            }
            for (CallSite site : sitesIn(method)) {
                judged.add(site.callIndex());
                MethodKey callee = graph.resolve(new MethodKey(site.callee().owner().replace('.', '/'), site.callee().name(),
                        site.callee().descriptor()));
                String calleeText = callee != null ? callee.shortDisplay()
                        : new MethodKey(site.callee().owner().replace('.', '/'), site.callee().name(), site.callee().descriptor()).shortDisplay();
                boolean parallel = site.kind() == CallSite.Kind.PARALLEL;
                String what = parallel ? "call of " + calleeText : "call of " + calleeText + ", which makes scattering calls,";
                String verdict;
                if (site.scatters()) {
                    verdict = (parallel ? "scatters" : "its calls scatter")
                            + (site.accepted().isEmpty() ? "" : ", accepting " + String.join(", ", names(site.accepted())));
                } else {
                    verdict = (parallel ? "runs synchronously: " : "its calls run synchronously: ") + explain(site.unaccepted())
                            + "; to scatter it nonetheless, " + acceptHint(site, method, callee);
                }
                Map<String, Object> facts = facts(region, method, site.line(), callee != null ? callee.display() : calleeText,
                        parallel ? "parallel" : "scattering-method", site.scatters());
                facts.put("hazards", names(site.hazards()));
                facts.put("accepted", names(site.accepted()));
                lines.add(new Line(site.line(), site.callIndex(), head + what + " at " + bodies.frame(method, site.line()) + ": " + verdict,
                        !site.scatters(), facts));
            }
            for (RegionWalk.Site site : walked.getOrDefault(method, List.of())) {
                Mark callee = site.callee();
                String at = " at " + bodies.frame(method, site.line()) + ": ";
                if (site.reference()) {
                    lines.add(new Line(site.line(), Integer.MAX_VALUE, head + "method reference to " + callee.key().shortDisplay() + at
                            + "is not analysed: the call is made in the reference's own code, which neither check nor the agent"
                            + " can judge, so the agent runs it as written; write it as a plain call (a loop) to have its"
                            + " hazards checked, or accept unanalysed (" + unanalysedHint(region) + ")",
                            true, facts(region, method, site.line(), callee.key().display(), "reference", false)));
                } else if (!callee.isScatterable()) {
                    lines.add(new Line(site.line(), site.callIndex(), head + "call of " + callee.key().shortDisplay() + at
                            + "runs synchronously: it returns a value (scatter it with " + Checker.handleHint(callee) + ")",
                            true, facts(region, method, site.line(), callee.key().display(), "returns-value", false)));
                } else if (!judged.contains(site.callIndex())) {
                    // The analysis did not see this call scatter (it names the method another way): unsure means synchronous.
                    lines.add(new Line(site.line(), site.callIndex(), head + "call of " + callee.key().shortDisplay() + at
                            + "was not judged by the call-site analysis, so check cannot say it scatters",
                            true, facts(region, method, site.line(), callee.key().display(), "parallel", false)));
                }
            }
            addAll(lines, region, findings);
        }
    }

    private static void addAll(List<Line> lines, Mark region, Findings findings) {
        lines.sort(Comparator.comparingInt(Line::line).thenComparingInt(Line::callIndex));
        for (Line line : lines) {
            findings.add(region.regionOrigin, Finding.Kind.CALL_SITE, line.problem(), line.message(), line.facts());
        }
    }

    /**
     * The calls of scattering methods made in a class the agent does not rewrite: it does not
     * analyse them, so at run time they run as written (and the agent says so once).
     */
    private void unrewritten(Mark region, MethodKey method, List<RegionWalk.Site> sites, Bodies bodies, String head, List<Line> lines) {
        for (RegionWalk.Site site : sites) {
            Mark callee = site.callee();
            if (!callee.isScatterable() && !site.reference()) {
                continue; // a value-returning method runs synchronously wherever it is called from
            }
            lines.add(new Line(site.line(), site.reference() ? Integer.MAX_VALUE : site.callIndex(), head
                    + (site.reference() ? "method reference to " : "call of ") + callee.key().shortDisplay()
                    + " at " + bodies.frame(method, site.line()) + ": runs as written: " + Names.binary(method.owner())
                    + " is a class the agent does not rewrite (no lox annotation, and no rule's class pattern matches it),"
                    + " so it does not analyse the call; to scatter it, add a gather rule for "
                    + Names.binary(method.owner()) + "#" + method.name() + " (its calls then gather when it returns),"
                    + " or accept unanalysed (" + unanalysedHint(region) + ")",
                    true, facts(region, method, site.line(), callee.key().display(), "unanalysed", false)));
        }
    }

    /** How the region accepts calls the agent cannot analyse. */
    private static String unanalysedHint(Mark region) {
        Set<Hazard> all = union(region.regionAccept, java.util.EnumSet.of(Hazard.UNANALYSED));
        if (region.regionRule != null) {
            return "write the rule " + region.regionRule.lineAccepting(all) + " in place of " + region.regionRule.origin();
        }
        StringBuilder names = new StringBuilder();
        for (String name : names(all)) {
            names.append(names.length() == 0 ? "" : ", ").append('"').append(name).append('"');
        }
        return "write @Lox.Gather(accept = {" + names + "}) on " + region.key().name();
    }

    /** Whether the agent rewrites {@code owner}, and so analyses its calls: it mentions a lox annotation, or a rule names the class. */
    private boolean agentRewrites(String owner) {
        Boolean known = rewritten.get(owner);
        if (known == null) {
            byte[] bytes = classFiles.bytes(owner);
            boolean rewrites = bytes != null && ClassBytes.mentionsLoxAnnotation(bytes);
            for (int i = 0; !rewrites && i < rules.size(); i++) {
                rewrites = rules.get(i).pattern().matchesClass(Names.binary(owner));
            }
            known = rewrites;
            rewritten.put(owner, known);
        }
        return known;
    }

    private static Map<String, Object> facts(Mark region, MethodKey caller, int line, String callee, String calleeKind, boolean scatters) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("region", region.key().display());
        facts.put("caller", caller.display());
        facts.put("line", line);
        facts.put("callee", callee);
        facts.put("calleeKind", calleeKind);
        facts.put("scatters", scatters);
        facts.put("hazards", List.of());
        facts.put("accepted", List.of());
        return facts;
    }

    /** The analysis's call sites held by {@code method}; its class is analysed once. */
    private List<CallSite> sitesIn(MethodKey method) {
        Map<MethodKey, List<CallSite>> byMethod = analysed.computeIfAbsent(method.owner(), owner -> {
            Map<MethodKey, List<CallSite>> sites = new HashMap<>();
            byte[] bytes = classFiles.bytes(owner);
            if (bytes != null) {
                for (CallSite site : analyzer.analyze(bytes).sites()) {
                    sites.computeIfAbsent(new MethodKey(owner, site.callerMethod(), site.callerDescriptor()), k -> new ArrayList<>()).add(site);
                }
            }
            return sites;
        });
        return byMethod.getOrDefault(method, List.of());
    }

    private static List<String> names(Set<Hazard> hazards) {
        List<String> names = new ArrayList<>();
        for (Hazard h : Hazard.values()) {
            if (hazards.contains(h)) {
                names.add(h.configName());
            }
        }
        return names;
    }

    /**
     * How to accept a hazardous call's hazards, as the agent says it: on the region's rule or
     * annotation when the call is in the region method, else on the callee's rule.
     */
    private String acceptHint(CallSite site, MethodKey caller, MethodKey callee) {
        Set<Hazard> unaccepted = site.unaccepted();
        Mark region = marks.get(caller);
        if (region != null && region.isRegion()) {
            Set<Hazard> all = union(region.regionAccept, unaccepted);
            if (region.regionRule != null) {
                return "write the rule " + region.regionRule.lineAccepting(all) + " (in place of " + region.regionRule.origin() + ")";
            }
            StringBuilder names = new StringBuilder();
            for (String name : names(all)) {
                names.append(names.length() == 0 ? "" : ", ").append('"').append(name).append('"');
            }
            return "write @Lox.Gather(accept = {" + names + "}) on " + caller.name();
        }
        Mark target = callee == null ? null : marks.get(callee);
        if (target != null && target.parallelRule != null) {
            return "write the rule " + target.parallelRule.lineAccepting(union(target.parallelRule.accept(), unaccepted))
                    + " (in place of " + target.parallelRule.origin() + ")";
        }
        return "add accept(" + String.join(",", names(unaccepted)) + ") to the gather rule, or accept = {...} to the"
                + " @Lox.Gather, of the region that makes this call";
    }

    private static Set<Hazard> union(Set<Hazard> a, Set<Hazard> b) {
        Set<Hazard> all = java.util.EnumSet.noneOf(Hazard.class);
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    /** The hazards, each with what it means for this call. */
    private static String explain(Set<Hazard> hazards) {
        List<String> parts = new ArrayList<>();
        for (Hazard h : Hazard.values()) {
            if (!hazards.contains(h)) {
                continue;
            }
            switch (h) {
                case TRY_CATCH:
                    parts.add("try-catch (it is inside a try block, whose handler would not see its failure)");
                    break;
                case USED_AFTER:
                    parts.add("used-after (the method uses its receiver or an argument after it, or what they were built from)");
                    break;
                case STATIC_READ:
                    parts.add("static-read (the method reads its class's static state after it)");
                    break;
                case UNANALYSED:
                    parts.add("unanalysed (the analysis could not follow the method that makes it)");
                    break;
                default:
                    parts.add(h.configName());
            }
        }
        return String.join(", ", parts);
    }
}
