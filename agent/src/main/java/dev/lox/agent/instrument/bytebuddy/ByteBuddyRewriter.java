package dev.lox.agent.instrument.bytebuddy;

import dev.lox.agent.analysis.MethodKey;
import dev.lox.agent.bootstrap.GatherAdvice;
import dev.lox.agent.bootstrap.MethodId;
import dev.lox.agent.bootstrap.RegionName;
import dev.lox.agent.bootstrap.ScatterFutureAdvice;
import dev.lox.agent.bootstrap.ScatterVoidAdvice;
import dev.lox.agent.bootstrap.SynchronousCallAdvice;
import dev.lox.agent.config.ConfigRule;
import dev.lox.agent.instrument.AgentLog;
import dev.lox.agent.instrument.Rewriter;
import dev.lox.agent.plan.AgentMessages;
import dev.lox.agent.plan.Callees;
import dev.lox.agent.plan.ClassPlan;
import dev.lox.agent.plan.ClassPlanner;
import dev.lox.agent.plan.MethodPlan;
import dev.lox.agent.plan.RewriteListener;
import dev.lox.internal.ParallelMethod;
import dev.lox.internal.ParallelMethods;
import dev.lox.spi.MethodRef;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * Rewrites one class that passed the transformer's pre-filter: asks the {@link ClassPlanner} what
 * to do (pure: marks, rules, call sites and their hazards), then does it with Byte Buddy: declares
 * each parallel method with {@link ParallelMethods#declare} and inlines the advice of
 * {@code dev.lox.agent.bootstrap} as the plan says, and brackets the plan's synchronous call sites.
 * The class is decorated, not redefined: no member is added or removed, only method bodies change.
 *
 * <p>This is the only class of the transformer that applies Byte Buddy. It lives, with Byte Buddy,
 * the planner, the analysis and the advice, in a jar nested in the agent jar that
 * {@code RewriterLoader} opens the first time a class really needs rewriting.
 */
public final class ByteBuddyRewriter implements Rewriter {
    private final ByteBuddy byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED);
    /** The advice classes are read from the agent's own jar, whatever loader the target has. */
    private final ClassFileLocator adviceLocator = ClassFileLocator.ForClassLoader.of(ByteBuddyRewriter.class.getClassLoader());
    private final TypeDescription scatterVoid = TypeDescription.ForLoadedType.of(ScatterVoidAdvice.class);
    private final TypeDescription scatterFuture = TypeDescription.ForLoadedType.of(ScatterFutureAdvice.class);
    private final TypeDescription gather = TypeDescription.ForLoadedType.of(GatherAdvice.class);
    private final TypeDescription synchronousEntry = TypeDescription.ForLoadedType.of(SynchronousCallAdvice.class);
    private final Callees callees;
    private final ClassPlanner planner;
    private final RewriteListener listener;
    /** Scatterable parallel methods declared, for the exit check: id -> the method's key. */
    private final Map<Integer, MethodKey> declared = new ConcurrentHashMap<>();

    /** Called reflectively by {@code RewriterLoader}, across the nested jar's class loader. */
    public ByteBuddyRewriter(AgentLog log, List<ConfigRule> rules) {
        this.listener = new AgentMessages(log);
        this.callees = new Callees(rules);
        this.planner = new ClassPlanner(callees, listener);
        Runtime.getRuntime().addShutdownHook(new Thread(this::reportNeverInRegion, "lox-exit-check"));
    }

    @Override
    public byte[] rewrite(ClassLoader loader, String className, byte[] classFile, List<ConfigRule> rules) {
        ClassPlan plan = planner.plan(loader, classFile, rules);
        callees.record(loader, plan);
        if (!plan.changes()) {
            return null;
        }
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(className, classFile), ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = new TypePool.Default.WithLazyResolution(
                new TypePool.CacheProvider.Simple(), locator, TypePool.Default.ReaderMode.FAST);
        TypeDescription type = pool.describe(className).resolve();
        DynamicType.Builder<?> builder = byteBuddy.decorate(type, locator);
        for (MethodPlan method : plan.methods()) {
            ElementMatcher.Junction<MethodDescription> target = ElementMatchers.named(method.method().name())
                    .and(ElementMatchers.hasDescriptor(method.method().descriptor()));
            if (method.parallel() != null) {
                builder = declare(builder, loader, className, method, target);
            }
            if (method.region() != null) {
                builder = builder.visit(Advice.withCustomMapping()
                        .bind(RegionName.class, simpleName(className) + "." + method.method().name())
                        .to(gather, adviceLocator)
                        .on(target));
            }
            if (method.needsSynchronousEntry()) {
                builder = builder.visit(Advice.to(synchronousEntry, adviceLocator).on(target));
            }
            if (!method.synchronousCalls().isEmpty()) {
                builder = builder.visit(new AsmVisitorWrapper.ForDeclaredMethods()
                        .method(target, new SynchronousCallSites(method.synchronousCalls())));
            }
        }
        return builder.make().getBytes();
    }

    private DynamicType.Builder<?> declare(DynamicType.Builder<?> builder, ClassLoader loader, String className,
            MethodPlan method, ElementMatcher.Junction<MethodDescription> target) {
        MethodPlan.Parallel parallel = method.parallel();
        MethodRef ref = new MethodRef(className, method.method().name(), method.method().descriptor(), method.method().isStatic());
        int id = ParallelMethods.declare(ref, parallel.pool(), parallel.origin(), loader);
        if (!method.scatters()) {
            return builder;
        }
        declared.put(id, new MethodKey(className, method.method().name(), method.method().descriptor()));
        TypeDescription advice = method.method().returnsVoid() ? scatterVoid : scatterFuture;
        return builder.visit(Advice.withCustomMapping()
                .bind(MethodId.class, id)
                .to(advice, adviceLocator)
                .on(target));
    }

    /**
     * At exit: a scatterable parallel method that no call ever reached in a region (plain call or
     * handle), and that no call site the agent saw lies in a region, gave no parallelism; a missing
     * gather rule is the usual cause, and nothing else would say so.
     */
    private void reportNeverInRegion() {
        for (Map.Entry<Integer, MethodKey> entry : declared.entrySet()) {
            ParallelMethod method = ParallelMethods.byId(entry.getKey());
            if (!method.wasScattered() && !callees.calledInRegion(entry.getValue())) {
                MethodKey key = entry.getValue();
                listener.neverInRegion(method.method().displayName() + display(key.descriptor()), method.origin());
            }
        }
    }

    private static String display(String descriptor) {
        StringJoiner joiner = new StringJoiner(", ", "(", ")");
        for (net.bytebuddy.jar.asm.Type parameter : net.bytebuddy.jar.asm.Type.getArgumentTypes(descriptor)) {
            joiner.add(simpleName(parameter.getClassName()));
        }
        return joiner.toString();
    }

    private static String simpleName(String name) {
        String simple = name.substring(name.lastIndexOf('.') + 1);
        return simple.substring(simple.lastIndexOf('$') + 1);
    }
}
