package dev.lox.agent.check;

import dev.lox.agent.analysis.CallSiteAnalyzer;
import dev.lox.agent.config.ConfigRule;
import dev.lox.agent.plan.HandleHint;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dry run: what the agent would do with a config file and a class path, found from the class
 * files alone. Marks methods ({@link Marker}), walks each region's calls ({@link RegionWalk}) and
 * judges each call site with the call-site analysis ({@link CallSites}), and looks at what process methods send ({@link TravelCheck}); the findings come out in the order
 * of their origins (the config file's lines first, then annotated methods).
 */
final class Checker {
    private static final String LOX_API = "dev/lox/Lox";

    private final ClassFiles classFiles;
    private final List<ConfigRule> rules;

    Checker(ClassFiles classFiles, List<ConfigRule> rules) {
        this.classFiles = classFiles;
        this.rules = List.copyOf(rules);
    }

    Findings run() {
        Findings findings = new Findings();
        Types types = new Types(classFiles);
        Bodies bodies = new Bodies(classFiles);
        Map<MethodKey, Mark> marks = new Marker(types, bodies, rules, findings).mark();
        CallGraph graph = new CallGraph(types);
        RegionWalk walk = new RegionWalk(bodies, graph, marks);
        TravelCheck travel = new TravelCheck(types);

        for (Mark mark : marks.values()) {
            if (!mark.isParallel()) {
                continue;
            }
            if (!mark.isScatterable()) {
                findings.add(mark.parallelOrigin, Finding.Kind.RETURNS_VALUE, true, mark.key().shortDisplay()
                        + " returns a value, so a plain call runs it synchronously; scatter it with " + handleHint(mark),
                        Finding.facts("method", mark.key().display(), "pool", mark.pool.toString()));
            }
            if (mark.isProcess()) {
                for (TravelCheck.Problem p : travel.check(mark.method)) {
                    findings.add(mark.parallelOrigin, Finding.Kind.CANNOT_TRAVEL, true, mark.parallelWhy() + " " + mark.key().display()
                            + ": " + p.describe(), Finding.facts("method", mark.key().display(), "what", p.what(),
                            "path", p.path(), "type", Names.binary(p.type()), "reason", p.reason()));
                }
            }
        }

        Set<MethodKey> calledInRegions = new HashSet<>();
        CallSites callSites = new CallSites(classFiles, new CallSiteAnalyzer(new ClassPathRoles(graph, bodies, marks)), graph, marks, rules);
        for (Mark region : marks.values()) {
            if (!region.isRegion()) {
                continue;
            }
            RegionWalk.Result result = walk.walk(region);
            for (RegionWalk.Site site : result.sites()) {
                calledInRegions.add(site.callee().key());
            }
            callSites.report(region, result, bodies, findings);
            if (result.truncated()) {
                findings.add(region.regionOrigin, Finding.Kind.CALL_SITE, true, "gather region " + region.key().display()
                        + " reaches more than " + RegionWalk.MAX_METHODS + " methods; check stopped following its calls there,"
                        + " so call sites past them are not listed", Finding.facts("region", region.key().display()));
            }
        }

        Map<MethodKey, String> handles = handleReferences(types, bodies, graph);
        for (Mark mark : marks.values()) {
            if (mark.isParallel() && mark.isScatterable() && !calledInRegions.contains(mark.key())) {
                String handle = handles.get(mark.key());
                if (handle != null) {
                    findings.add(mark.parallelOrigin, Finding.Kind.UNCALLED, false, mark.parallelWhy() + " " + mark.key().display()
                            + ": no gather region calls it; it is scattered through a handle, Lox.of at " + handle,
                            Finding.facts("method", mark.key().display(), "handle", handle));
                } else {
                    findings.add(mark.parallelOrigin, Finding.Kind.UNCALLED, true, mark.parallelWhy() + " " + mark.key().display()
                            + ": no gather region calls it, so every plain call of it runs synchronously; add a gather rule"
                            + " for the method that loops over it, or scatter it with " + handleHint(mark),
                            Finding.facts("method", mark.key().display()));
                }
            }
        }
        findings.sortByOrigin(rules.isEmpty() ? "" : rules.get(0).file());
        return findings;
    }

    /**
     * {@code Lox.of(Images::render)} or {@code Lox.of(crawler::fetch)}; for an overloaded method, where
     * that is ambiguous between {@code of(FnN)} and {@code of(VoidFnN)}, the cast that compiles. The
     * same hint as the agent's ({@link HandleHint}).
     */
    static String handleHint(Mark mark) {
        return HandleHint.of(mark.key().owner().replace('/', '.'), mark.key().name(), mark.key().descriptor(),
                mark.method.isStatic(), isOverloaded(mark.method));
    }

    private static boolean isOverloaded(TypeInfo.MethodInfo method) {
        int named = 0;
        for (TypeInfo.MethodInfo m : method.owner.methods) {
            if (m.isUserMethod() && m.name.equals(method.name)) {
                named++;
            }
        }
        return named > 1;
    }

    /**
     * Parallel methods named by a method reference handed straight to {@code Lox.of} or a pool's
     * {@code of}, with where: these are scattered through their handle, not by plain calls. Only
     * classes that mention lox's API are read for it.
     */
    private Map<MethodKey, String> handleReferences(Types types, Bodies bodies, CallGraph graph) {
        Map<MethodKey, String> found = new HashMap<>();
        for (String className : classFiles.names()) {
            if (!mentionsLoxApi(classFiles.bytes(className))) {
                continue;
            }
            TypeInfo type = types.type(className);
            for (TypeInfo.MethodInfo method : type.methods) {
                Bodies.Body body = bodies.body(method.key());
                if (body == null) {
                    continue;
                }
                List<Bodies.Invocation> calls = body.invocations();
                for (int i = 0; i + 1 < calls.size(); i++) {
                    Bodies.Invocation reference = calls.get(i);
                    Bodies.Invocation next = calls.get(i + 1);
                    if (reference.isReference() && next.name().equals("of")
                            && (next.owner().equals("dev/lox/Lox") || next.owner().equals("dev/lox/Lox$Pool"))) {
                        MethodKey target = graph.resolve(new MethodKey(reference.owner(), reference.name(), reference.descriptor()));
                        if (target != null) {
                            found.putIfAbsent(target, bodies.frame(method.key(), reference.line()));
                        }
                    }
                }
            }
        }
        return found;
    }

    private static boolean mentionsLoxApi(byte[] classFile) {
        // Latin-1 maps each byte to one char, so the JDK's (intrinsic) indexOf does the byte search.
        return new String(classFile, StandardCharsets.ISO_8859_1).contains(LOX_API);
    }
}
