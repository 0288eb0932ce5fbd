package dev.lox.agent.plan;

import dev.lox.agent.analysis.CallSite;
import dev.lox.agent.config.Hazard;
import dev.lox.agent.config.ConfigRule;
import dev.lox.agent.instrument.AgentLog;
import dev.lox.internal.PoolSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import net.bytebuddy.jar.asm.Type;

/**
 * The agent's sentences for what the planner finds: the one {@link RewriteListener} that prints, on
 * the {@link AgentLog}. What is said always and what only with {@code verbose}, and what once, is
 * decided here.
 *
 * <p>A wide rule (a wildcard in its class or method part, {@code thread com.google.common.*#*})
 * may match thousands of methods: what would be said of each of them (it returns a value; no
 * region called it; a call of it runs synchronously for a hazard only that rule could accept) is
 * counted instead and said in one line per rule at exit, and each method's
 * own sentence appears under {@code verbose}.
 */
public final class AgentMessages implements RewriteListener {
    private final AgentLog log;
    /** Pairs of rules already reported as overlapping ("lox.conf:1 lox.conf:5"); classes load in parallel. */
    private final Set<String> overlaps = ConcurrentHashMap.newKeySet();
    /** The wide parallel rules by origin ({@code lox.conf:1}), in the config file's order, with their counts. */
    private final Map<String, WideRule> wide = new LinkedHashMap<>();

    /** What a wide rule did, counted as classes load (in parallel). */
    private static final class WideRule {
        final ConfigRule rule;
        final LongAdder parallel = new LongAdder();
        final LongAdder valueReturning = new LongAdder();
        final LongAdder neverInRegion = new LongAdder();
        final LongAdder hazardous = new LongAdder();
        final Set<String> classes = ConcurrentHashMap.newKeySet();

        WideRule(ConfigRule rule) {
            this.rule = rule;
        }
    }

    public AgentMessages(AgentLog log) {
        this(log, List.of());
    }

    /** @param rules the config file's rules: the wide parallel ones among them are summed up */
    public AgentMessages(AgentLog log, List<ConfigRule> rules) {
        this.log = log;
        for (ConfigRule rule : rules) {
            if (rule.isParallel() && rule.pattern().isWide()) {
                wide.put(rule.origin(), new WideRule(rule));
            }
        }
    }

    @Override
    public void parallel(MethodFacts method, PoolSpec pool, String origin, String overridden) {
        count(origin, method);
        if (log.isVerbose()) { // the message is built only to be said: a wide rule would build thousands
            log.verbose("instrumented " + method.display() + " as " + pool + " (" + why(origin, overridden) + ")");
        }
    }

    @Override
    public void valueReturning(MethodFacts method, PoolSpec pool, String origin, String overridden, boolean overloaded) {
        WideRule rule = count(origin, method);
        if (rule != null) {
            rule.valueReturning.increment();
        }
        if (rule != null && !log.isVerbose()) {
            return; // counted for the rule's line at exit; the messages are built only to be said
        }
        log.verbose("declared " + method.display() + " as " + pool + " (" + why(origin, overridden)
                + "); it returns a value, so it is not instrumented");
        String message = method.shortDisplay() + " returns a value, so a plain call runs it synchronously; scatter it with "
                + HandleHint.of(method.owner(), method.name(), method.descriptor(), method.isStatic(), overloaded);
        if (rule == null) {
            log.warnOnce(message);
        } else {
            log.verbose(message);
        }
    }

    /** Counts a method a wide rule made parallel; returns the rule, or null if the origin is no wide rule. */
    private WideRule count(String origin, MethodFacts method) {
        WideRule rule = wide.get(origin);
        if (rule != null) {
            rule.parallel.increment();
            rule.classes.add(method.owner());
        }
        return rule;
    }

    @Override
    public void region(MethodFacts method, String origin) {
        if (log.isVerbose()) { // built only to be said, as in parallel(...)
            log.verbose("instrumented " + method.display() + " as a gather region (" + origin + ")");
        }
    }

    /**
     * Said once per pair of rules, not per method: {@code thread(8) com.example.*#*} above
     * {@code process(2) com.example.Heavy#render} would otherwise quietly keep render on threads.
     */
    @Override
    public void overlap(MethodFacts method, ConfigRule first, ConfigRule ignored) {
        if (overlaps.add(first.origin() + " " + ignored.origin())) {
            log.warn(ignored.origin() + ": " + ruleText(ignored) + " also matches " + method.display() + ", which "
                    + first.origin() + " (" + ruleText(first) + ") already makes parallel; the first matching rule wins:"
                    + " put the more specific rule first, or remove one");
        }
    }

    /**
     * Said to everyone, not only in verbose mode: the user asked for parallelism and would otherwise
     * lose it without a word.
     */
    @Override
    public void noBody(MethodFacts method, ConfigRule rule, String parallelMark) {
        String what = method.isAbstract() ? "abstract" : "native";
        if (rule != null && !rule.pattern().hasClassWildcard()) {
            String fix = method.isAbstract()
                    ? "name the implementing class's method instead, as in " + ruleKind(rule) + " com.example.MyImpl#" + method.name()
                    : "mark a Java method that calls it";
            log.warnOnce(rule.origin() + ": " + rule.pattern() + " matches " + method.display() + ", which is " + what
                    + ", so there is no body to instrument: " + fix);
        } else if (rule == null) {
            // Lox.of(Iface::m) still reads a parallel annotation off the abstract method itself;
            // what is lost is the agent's part: plain calls and the gather region.
            String mark = parallelMark != null ? parallelMark : "@Lox.Gather";
            String lost = parallelMark != null
                    ? "plain calls of it in a gather region are not scattered (Lox.of handles still use its pool)"
                    : "it opens no gather region";
            log.warnOnce(mark + " on " + method.display() + ": " + lost + ", because the method is " + what
                    + " and annotations are not inherited by implementations; " + (method.isAbstract()
                    ? "mark the implementing method instead" : "mark a Java method that calls it"));
        } else if (log.isVerbose()) { // built only to be said: a wide rule matches every abstract method of an interface
            log.verbose("skipped " + method.display() + " (" + rule.origin() + "): it is " + what
                    + ", so it has no body to instrument");
        }
    }

    @Override
    public void badAnnotation(MethodFacts method, String problem) {
        // The user's mistake, not lox's: say it and leave the method as it is (Lox.of says it again).
        log.warnOnce(problem + "; the method runs as it is written");
    }

    @Override
    public void badAccept(MethodFacts method, String problem) {
        log.warnOnce("@Lox.Gather(accept = ...) on " + method.display() + ": " + problem
                + "; the calls it names keep running synchronously");
    }

    /** Said at class load, as the hang itself would say nothing. */
    @Override
    public void monitorDeadlock(MethodFacts region, MethodFacts call) {
        log.warnOnce(region.display() + " and " + call.display() + " are both synchronized on "
                + (region.isStatic() ? "the class" : "this") + ": a call of " + call.name()
                + (region.isStatic() ? "" : " on the same object") + " inside the gather region " + region.name()
                + " runs on a pool thread that waits for the monitor the region holds until it gathers, so both wait"
                + " forever; take synchronized off one of them, or lock a narrower object inside");
    }

    @Override
    public void unmatchedRule(ConfigRule rule, String className, List<String> close) {
        if (rule.pattern().hasClassWildcard() && !log.isVerbose()) {
            return; // com.example.*#run is expected to miss most classes it names
        }
        String message = rule.origin() + ": " + rule.pattern() + " matches no method of " + className
                + (close.isEmpty() ? "" : "; close: " + String.join(", ", close));
        if (rule.pattern().hasClassWildcard()) {
            log.verbose(message);
        } else {
            log.warnOnce(message);
        }
    }

    @Override
    public void callSite(CallSite site) {
        if (!log.isVerbose()) {
            return;
        }
        String call = "call site " + site.where() + ": " + callee(site);
        if (site.scatters()) {
            log.verbose(call + " scatters in a region" + (site.hazards().isEmpty() ? ""
                    : " (accepted: " + names(site.hazards()) + ")"));
        } else {
            log.verbose(call + " runs synchronously (" + names(site.unaccepted()) + ")");
        }
    }

    @Override
    public void hazardous(CallSite site, Set<Hazard> hazards, String accept, String replaces, boolean inRegion) {
        // A call site no region rule or annotation names, whose fix is its callee's wide rule: counted for that rule.
        WideRule rule = replaces != null && (accept == null || !accept.startsWith("@")) ? wide.get(replaces) : null;
        if (rule != null) {
            rule.hazardous.increment();
        }
        // A warning only in a region, when no wide rule counts it; otherwise said under verbose only
        // (outside a region, main's own calls say, nothing is lost), so built only when verbose is on.
        boolean warn = rule == null && inRegion;
        if (!warn && !log.isVerbose()) {
            return;
        }
        StringBuilder why = new StringBuilder();
        for (Hazard hazard : hazards) {
            why.append(why.length() == 0 ? "" : "; ").append(explain(hazard, site)).append(" (").append(hazard.configName()).append(')');
        }
        String fix;
        if (accept == null) {
            fix = "to scatter it nonetheless, add accept(" + names(hazards) + ") to the gather rule, or accept = {...} to the"
                    + " @Lox.Gather, of the region that makes this call";
        } else if (accept.startsWith("@")) {
            fix = "to scatter it nonetheless, write " + accept + " on " + site.callerMethod();
        } else {
            fix = "to scatter it nonetheless, write the rule " + accept + (replaces != null ? " (in place of " + replaces + ")" : "");
        }
        String message = site.where() + ": the call of " + callee(site) + " runs synchronously, even in a gather region: "
                + why + "; " + fix;
        if (warn) {
            log.warnOnce(message);
        } else {
            log.verbose(message);
        }
    }

    private static String explain(Hazard hazard, CallSite site) {
        switch (hazard) {
            case TRY_CATCH:
                return "it is inside a try block, whose catch or finally would see a scattered call's failure only when the"
                        + " region gathers";
            case USED_AFTER:
                return "after it, the method uses the receiver, an argument or a value they were built from, before a"
                        + " scattered call would have finished";
            case STATIC_READ:
                return "after it, the method reads static state of " + MethodFacts.simpleName(site.callee().owner())
                        + ", before a scattered call would have finished";
            case UNANALYSED:
                return "the analysis could not follow the method that makes it";
            default:
                throw new IllegalStateException("no words for " + hazard);
        }
    }

    private static String callee(CallSite site) {
        StringJoiner parameters = new StringJoiner(", ", "(", ")");
        for (Type parameter : Type.getArgumentTypes(site.callee().descriptor())) {
            parameters.add(MethodFacts.simpleName(parameter.getClassName()));
        }
        return MethodFacts.simpleName(site.callee().owner()) + "." + site.callee().name() + parameters;
    }

    private static String names(Set<Hazard> hazards) {
        StringJoiner joiner = new StringJoiner(",");
        for (Hazard hazard : Hazard.values()) {
            if (hazards.contains(hazard)) {
                joiner.add(hazard.configName());
            }
        }
        return joiner.toString();
    }

    @Override
    public void neverInRegion(String method, String origin) {
        WideRule rule = wide.get(origin);
        if (rule != null) {
            rule.neverInRegion.increment();
            if (!log.isVerbose()) {
                return;
            }
        }
        String message = method + " is parallel (" + origin + "), but no gather region called it, so none of its calls"
                + " scattered: they ran one by one; add a gather rule (or @Lox.Gather) for the method that calls it,"
                + " as in gather com.example.Batch#run, or scatter it with Lox.of";
        if (rule == null) {
            log.warnOnce(message);
        } else {
            log.verbose(message);
        }
    }

    /** One line per wide rule that matched a method: how many it made parallel, and what came of them. */
    @Override
    public void exit() {
        for (WideRule rule : wide.values()) {
            long parallel = rule.parallel.sum();
            if (parallel == 0) {
                continue;
            }
            StringBuilder line = new StringBuilder(rule.rule.origin()).append(": ").append(ruleText(rule.rule))
                    .append(" made ").append(counted(parallel, "method")).append(" of ")
                    .append(counted(rule.classes.size(), "class")).append(" parallel");
            long values = rule.valueReturning.sum();
            long never = rule.neverInRegion.sum();
            long hazardous = rule.hazardous.sum();
            if (values > 0) {
                line.append("; ").append(String.format("%,d", values)).append(values == 1 ? " returns" : " return")
                        .append(" a value, so plain calls run ").append(values == 1 ? "it" : "them")
                        .append(" synchronously (scatter them with Lox.of)");
            }
            if (never > 0) {
                line.append("; ").append(String.format("%,d", never)).append(never == 1 ? " was" : " were")
                        .append(" never called in a gather region, so none of their calls scattered");
            }
            if (hazardous > 0) {
                line.append("; ").append(counted(hazardous, "call site")).append(" of them ")
                        .append(hazardous == 1 ? "runs" : "run").append(" synchronously even in a region, for a hazard the rule does not accept");
            }
            if (values > 0 || never > 0 || hazardous > 0) {
                line.append(log.isVerbose() ? " (each is listed above)" : "; add verbose to the agent's options to list each, with its fix");
            }
            log.warn(line.toString());
        }
    }

    private static String counted(long n, String noun) {
        return String.format("%,d", n) + " " + noun + (n == 1 ? "" : noun.endsWith("s") ? "es" : "s");
    }

    private static String why(String origin, String overridden) {
        return origin + (overridden != null ? ", overriding " + overridden : "");
    }

    private static String ruleKind(ConfigRule rule) {
        return rule.kind() == ConfigRule.Kind.GATHER ? "gather" : rule.kind().name().toLowerCase() + "(" + rule.size() + ")";
    }

    private static String ruleText(ConfigRule rule) {
        return ruleKind(rule) + " " + rule.pattern();
    }

}
