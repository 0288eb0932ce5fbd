package dev.lox.agent.instrument.bytebuddy;

import dev.lox.agent.bootstrap.GatherAdvice;
import dev.lox.agent.bootstrap.MethodId;
import dev.lox.agent.bootstrap.RegionName;
import dev.lox.agent.bootstrap.ScatterFutureAdvice;
import dev.lox.agent.bootstrap.ScatterVoidAdvice;
import dev.lox.agent.config.ConfigRule;
import dev.lox.agent.instrument.AgentLog;
import dev.lox.agent.instrument.Rewriter;
import dev.lox.internal.ParallelMethods;
import dev.lox.internal.PoolSpec;
import dev.lox.spi.MethodRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * Rewrites one class that passed the transformer's pre-filter, with Byte Buddy: finds its
 * parallel methods and gather regions (annotations and config rules; a rule wins over an
 * annotation), declares each parallel method with {@link ParallelMethods#declare}, and inlines the
 * advice of {@code dev.lox.agent.bootstrap} into it. The class is decorated, not redefined: no
 * member is added or removed, only method bodies gain advice.
 *
 * <p>This is the only class of the transformer that touches Byte Buddy. It lives, with Byte Buddy and
 * the advice, in a jar nested in the agent jar that {@code RewriterLoader} opens the first time a
 * class really needs rewriting.
 */
public final class ByteBuddyRewriter implements Rewriter {
    private static final String THREAD = "dev.lox.Lox$Thread";
    private static final String PROCESS = "dev.lox.Lox$Process";
    private static final String VIRTUAL = "dev.lox.Lox$Virtual";
    private static final String GATHER = "dev.lox.Lox$Gather";
    private static final Set<String> FUTURES = Set.of(
            "java.util.concurrent.Future", "java.util.concurrent.CompletableFuture", "java.util.concurrent.CompletionStage");

    private final AgentLog log;
    private final ByteBuddy byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED);
    /** The advice classes are read from the agent's own jar, whatever loader the target has. */
    private final ClassFileLocator adviceLocator = ClassFileLocator.ForClassLoader.of(ByteBuddyRewriter.class.getClassLoader());
    private final TypeDescription scatterVoid = TypeDescription.ForLoadedType.of(ScatterVoidAdvice.class);
    private final TypeDescription scatterFuture = TypeDescription.ForLoadedType.of(ScatterFutureAdvice.class);
    private final TypeDescription gather = TypeDescription.ForLoadedType.of(GatherAdvice.class);
    /** Pairs of rules already reported as overlapping ("lox.conf:1 lox.conf:5"); classes load in parallel. */
    private final Set<String> overlaps = ConcurrentHashMap.newKeySet();

    /** Called reflectively by {@code RewriterLoader}, across the nested jar's class loader. */
    public ByteBuddyRewriter(AgentLog log) {
        this.log = log;
    }

    @Override
    public byte[] rewrite(ClassLoader loader, String className, byte[] classFile, List<ConfigRule> rules) {
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(className, classFile), ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = new TypePool.Default.WithLazyResolution(
                new TypePool.CacheProvider.Simple(), locator, TypePool.Default.ReaderMode.FAST);
        TypeDescription type = pool.describe(className).resolve();

        DynamicType.Builder<?> builder = byteBuddy.decorate(type, locator);
        boolean changed = false;
        List<ConfigRule> unmatched = new ArrayList<>(rules);
        List<MethodDescription> synchronizedRegions = new ArrayList<>();
        List<MethodDescription> synchronizedScattered = new ArrayList<>();
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
            // Compiler-generated methods (bridges, lambda bodies, enum $values, accessors) are not
            // the user's: a wildcard rule must not turn a lambda's body into a parallel method, and
            // no annotation can sit on one.
            if (!method.isMethod() || method.isBridge() || method.isSynthetic()) {
                continue;
            }
            ConfigRule parallelRule = null;
            ConfigRule gatherRule = null;
            for (ConfigRule rule : rules) {
                if (rule.pattern().matchesMethod(method.getInternalName(), method.getDescriptor())) {
                    unmatched.remove(rule);
                    if (rule.isParallel() && parallelRule == null) {
                        parallelRule = rule;
                    } else if (!rule.isParallel() && gatherRule == null) {
                        gatherRule = rule;
                    } else if (rule.isParallel()) {
                        warnOverlap(className, method, parallelRule, rule);
                    }
                }
            }
            Marks marks = marks(method);
            if (parallelRule == null && marks.parallel == null && gatherRule == null && !marks.gather) {
                continue;
            }
            if (method.isAbstract() || method.isNative()) {
                warnNoBody(className, method, parallelRule != null ? parallelRule : gatherRule, marks);
                continue;
            }
            if (parallelRule != null || marks.parallel != null) {
                builder = parallel(builder, loader, className, method, parallelRule, marks);
                changed |= isScatterable(method);
                if (method.isSynchronized() && isScatterable(method)) {
                    synchronizedScattered.add(method);
                }
            }
            if (gatherRule != null || marks.gather) {
                String regionName = simpleName(className) + "." + method.getName();
                builder = builder.visit(Advice.withCustomMapping()
                        .bind(RegionName.class, regionName)
                        .to(gather, adviceLocator)
                        .on(ElementMatchers.named(method.getInternalName()).and(ElementMatchers.hasDescriptor(method.getDescriptor()))));
                changed = true;
                log.verbose("instrumented " + display(className, method) + " as a gather region ("
                        + (gatherRule != null ? gatherRule.origin() : "@Lox.Gather") + ")");
                if (method.isSynchronized()) {
                    synchronizedRegions.add(method);
                }
            }
        }
        warnMonitorDeadlocks(className, synchronizedRegions, synchronizedScattered);
        warnUnmatched(className, type, unmatched);
        return changed ? builder.make().getBytes() : null;
    }

    private DynamicType.Builder<?> parallel(DynamicType.Builder<?> builder, ClassLoader loader, String className,
            MethodDescription.InDefinedShape method, ConfigRule rule, Marks marks) {
        PoolSpec spec;
        String origin;
        if (rule != null) {
            spec = rule.poolSpec();
            origin = rule.origin();
        } else {
            spec = marks.parallel;
            origin = marks.origin;
        }
        MethodRef ref = new MethodRef(className, method.getInternalName(), method.getDescriptor(), method.isStatic());
        int id = ParallelMethods.declare(ref, spec, origin, loader);
        String why = origin + (rule != null && marks.parallel != null ? ", overriding " + marks.origin : "");
        if (!isScatterable(method)) {
            log.verbose("declared " + display(className, method) + " as " + spec + " (" + why + "); it returns a value, so it is not instrumented");
            log.warnOnce(display(simpleName(className), method) + " returns a value, so a plain call runs it synchronously; scatter it with Lox.of("
                    + (method.isStatic() ? simpleName(className) : decapitalize(simpleName(className))) + "::" + method.getName() + ")");
            return builder;
        }
        log.verbose("instrumented " + display(className, method) + " as " + spec + " (" + why + ")");
        TypeDescription advice = method.getReturnType().represents(void.class) ? scatterVoid : scatterFuture;
        return builder.visit(Advice.withCustomMapping()
                .bind(MethodId.class, id)
                .to(advice, adviceLocator)
                .on(ElementMatchers.named(method.getInternalName()).and(ElementMatchers.hasDescriptor(method.getDescriptor()))));
    }

    /** A plain call can be scattered only if the caller gets nothing or a future back. */
    private static boolean isScatterable(MethodDescription method) {
        TypeDefinition returned = method.getReturnType();
        return returned.represents(void.class) || FUTURES.contains(returned.asErasure().getName());
    }

    /** What the method's lox annotations ask for. */
    private Marks marks(MethodDescription.InDefinedShape method) {
        Marks marks = new Marks();
        for (AnnotationDescription annotation : method.getDeclaredAnnotations()) {
            String name = annotation.getAnnotationType().getName();
            switch (name) {
                case THREAD: {
                    int size = annotationValue(annotation, PoolSpec.DEFAULT_THREADS);
                    marks.set(PoolSpec.Kind.THREAD, size, method, log);
                    break;
                }
                case PROCESS: {
                    int size = annotationValue(annotation, -1);
                    size = size == -1 ? PoolSpec.defaultProcesses() : size;
                    marks.set(PoolSpec.Kind.PROCESS, size, method, log);
                    break;
                }
                case VIRTUAL:
                    marks.set(PoolSpec.Kind.VIRTUAL, annotationValue(annotation, PoolSpec.UNBOUNDED), method, log);
                    break;
                case GATHER:
                    marks.gather = true;
                    break;
                default:
                    break;
            }
        }
        return marks;
    }

    private static int annotationValue(AnnotationDescription annotation, int defaultValue) {
        for (MethodDescription.InDefinedShape property : annotation.getAnnotationType().getDeclaredMethods()) {
            if (property.getName().equals("value")) {
                return annotation.getValue(property).resolve(Integer.class);
            }
        }
        return defaultValue;
    }

    /**
     * A second thread/process rule for a method that an earlier rule already makes parallel: the
     * first wins, silently before, so {@code thread(8) com.example.*#*} above
     * {@code process(2) com.example.Heavy#render} quietly kept render on threads. Said once per
     * pair of rules, not per method.
     */
    private void warnOverlap(String className, MethodDescription method, ConfigRule first, ConfigRule ignored) {
        if (overlaps.add(first.origin() + " " + ignored.origin())) {
            log.warn(ignored.origin() + ": " + ruleText(ignored) + " also matches " + display(className, method) + ", which "
                    + first.origin() + " (" + ruleText(first) + ") already makes parallel; the first matching rule wins:"
                    + " put the more specific rule first, or remove one");
        }
    }

    /**
     * A rule or annotation on an abstract or native method cannot be instrumented (there is no body,
     * and annotations are not inherited by implementations). Said to everyone, not only in verbose
     * mode: the user asked for parallelism and would otherwise lose it without a word.
     */
    private void warnNoBody(String className, MethodDescription.InDefinedShape method, ConfigRule rule, Marks marks) {
        String what = method.isAbstract() ? "abstract" : "native";
        String fix = method.isAbstract()
                ? "name the implementing class's method instead, as in " + (rule != null ? ruleKind(rule) + " " : "thread ")
                        + "com.example.MyImpl#" + method.getName()
                : "mark a Java method that calls it";
        if (rule != null && !rule.pattern().hasClassWildcard()) {
            log.warnOnce(rule.origin() + ": " + rule.pattern() + " matches " + display(className, method) + ", which is " + what
                    + ", so there is no body to instrument: " + fix);
        } else if (rule == null) {
            // Lox.of(Iface::m) still reads a parallel annotation off the abstract method itself;
            // what is lost is the agent's part: plain calls and the gather region.
            String mark = marks.parallel != null ? marks.origin : "@Lox.Gather";
            String lost = marks.parallel != null
                    ? "plain calls of it in a gather region are not scattered (Lox.of handles still use its pool)"
                    : "it opens no gather region";
            log.warnOnce(mark + " on " + display(className, method) + ": " + lost + ", because the method is " + what
                    + " and annotations are not inherited by implementations; " + (method.isAbstract()
                    ? "mark the implementing method instead" : "mark a Java method that calls it"));
        } else {
            log.verbose("skipped " + display(className, method) + " (" + rule.origin() + "): it is " + what
                    + ", so it has no body to instrument");
        }
    }

    /**
     * A synchronized gather region holds its monitor until it has gathered; a synchronized parallel
     * method on the same monitor (both instance methods, called on the same object; or both static)
     * that it calls is scattered to a pool thread that waits for that monitor: neither ever goes on.
     * Plain Java re-enters the monitor, so nothing in the code hints at it. Said at class load, as
     * the hang itself would say nothing.
     */
    private void warnMonitorDeadlocks(String className, List<MethodDescription> regions, List<MethodDescription> scattered) {
        for (MethodDescription region : regions) {
            for (MethodDescription call : scattered) {
                if (region.isStatic() != call.isStatic() || region.equals(call)) {
                    continue;
                }
                log.warnOnce(display(className, region) + " and " + display(className, call) + " are both synchronized on "
                        + (region.isStatic() ? "the class" : "this") + ": a call of " + call.getName()
                        + (region.isStatic() ? "" : " on the same object") + " inside the gather region " + region.getName()
                        + " runs on a pool thread that waits for the monitor the region holds until it gathers, so both wait"
                        + " forever; take synchronized off one of them, or lock a narrower object inside");
            }
        }
    }

    private static String ruleKind(ConfigRule rule) {
        return rule.kind() == ConfigRule.Kind.GATHER ? "gather" : rule.poolSpec().toString();
    }

    private static String ruleText(ConfigRule rule) {
        return ruleKind(rule) + " " + rule.pattern();
    }

    private void warnUnmatched(String className, TypeDescription type, List<ConfigRule> unmatched) {
        for (ConfigRule rule : unmatched) {
            if (rule.pattern().hasClassWildcard() && !log.isVerbose()) {
                continue; // com.example.*#run is expected to miss most classes it names
            }
            List<String> names = new ArrayList<>();
            for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
                if (m.isMethod() && !m.isBridge() && !m.isSynthetic()) {
                    names.add(m.getName());
                }
            }
            List<String> close = rule.pattern().closeNames(names);
            Set<String> closeMethods = new LinkedHashSet<>();
            for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
                if (m.isMethod() && !m.isBridge() && !m.isSynthetic() && close.contains(m.getName())) {
                    closeMethods.add(m.getName() + ruleParameters(m));
                }
            }
            String message = rule.origin() + ": " + rule.pattern() + " matches no method of " + className
                    + (closeMethods.isEmpty() ? "" : "; close: " + String.join(", ", closeMethods));
            if (rule.pattern().hasClassWildcard()) {
                log.verbose(message);
            } else {
                log.warnOnce(message);
            }
        }
    }

    private static String display(String className, MethodDescription method) {
        return className + "." + method.getName() + parameters(method);
    }

    private static String parameters(MethodDescription method) {
        StringJoiner joiner = new StringJoiner(", ", "(", ")");
        for (TypeDescription parameter : method.getParameters().asTypeList().asErasures()) {
            joiner.add(simpleName(parameter.getActualName()));
        }
        return joiner.toString();
    }

    /**
     * The parameter list as a rule must write it, for close-match suggestions: java.lang types
     * bare, others with their package (a bare {@code List} would mean {@code java.lang.List}),
     * nested types with a dot.
     */
    private static String ruleParameters(MethodDescription method) {
        StringJoiner joiner = new StringJoiner(", ", "(", ")");
        for (TypeDescription parameter : method.getParameters().asTypeList().asErasures()) {
            TypeDescription element = parameter;
            int dimensions = 0;
            while (element.isArray()) {
                element = element.getComponentType();
                dimensions++;
            }
            String name = element.getName();
            // By name, not getPackage(): a TypePool description need not resolve anything for it.
            if (name.startsWith("java.lang.") && name.indexOf('.', "java.lang.".length()) < 0) {
                name = name.substring("java.lang.".length());
            }
            joiner.add(name.replace('$', '.') + "[]".repeat(dimensions));
        }
        return joiner.toString();
    }

    private static String simpleName(String name) {
        String simple = name.substring(name.lastIndexOf('.') + 1);
        return simple.substring(simple.lastIndexOf('$') + 1);
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** A method's lox annotations. */
    private static final class Marks {
        PoolSpec parallel;
        String origin;
        boolean gather;

        void set(PoolSpec.Kind kind, int size, MethodDescription method, AgentLog log) {
            String why = kind == PoolSpec.Kind.VIRTUAL && size == PoolSpec.UNBOUNDED
                    ? "@Lox.Virtual" : PoolSpec.annotationName(kind) + "(" + size + ")";
            PoolSpec spec;
            try {
                spec = PoolSpec.annotated(kind, size, method);
            } catch (IllegalArgumentException e) {
                // The user's mistake, not lox's: say it and leave the method as it is (Lox.of says it again).
                log.warnOnce(e.getMessage() + "; the method runs as it is written");
                return;
            }
            if (parallel != null) {
                log.warnOnce(method + " is marked both " + origin + " and " + why + ": keep one; lox uses " + origin);
                return;
            }
            parallel = spec;
            origin = why;
        }
    }
}
