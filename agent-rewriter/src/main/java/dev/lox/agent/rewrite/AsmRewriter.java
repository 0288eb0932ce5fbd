package dev.lox.agent.rewrite;

import dev.lox.agent.analysis.MethodKey;
import dev.lox.agent.config.ConfigRule;
import dev.lox.agent.instrument.AgentLog;
import dev.lox.agent.instrument.ClassBytes;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Rewrites one class that passed the transformer's pre-filter: asks the {@link ClassPlanner} what
 * to do (pure: marks, rules, call sites and their hazards), then does it in one pass of ASM (the
 * copy Byte Buddy carries): declares each parallel method with {@link ParallelMethods#declare},
 * wraps the bodies the plan names ({@link ScatterEntry}, {@link GatherBracket},
 * {@link HelperEntry}), brackets the call sites the analysis judged with their verdicts
 * ({@link AnalysedCallSites}), and hands carried fields over at the end of the static
 * initializer ({@link CarriedInitializer}). The class is decorated, not redefined: no member is
 * added or removed, only method bodies change; the methods it does not touch are copied as they are.
 *
 * <p>No part of Byte Buddy but its ASM is loaded: no type pool, no advice. It lives, with the
 * planner and the analysis, in a jar nested in the agent jar that {@code RewriterLoader} opens the
 * first time a class really needs rewriting.
 */
public final class AsmRewriter implements Rewriter {
    private final Callees callees;
    private final ClassPlanner planner;
    private final RewriteListener listener;
    /** For what {@link CarriedFieldRewrite} says about carried fields. */
    private final AgentLog log;
    /** Scatterable parallel methods declared, for the exit check: id -> the method's key. */
    private final Map<Integer, MethodKey> declared = new ConcurrentHashMap<>();

    /** Called reflectively by {@code RewriterLoader}, across the nested jar's class loader. */
    public AsmRewriter(AgentLog log, List<ConfigRule> rules) {
        this.log = log;
        this.listener = new AgentMessages(log, ConfigRule.methodRules(rules));
        this.callees = new Callees(ConfigRule.methodRules(rules)); // carry rules name fields, not methods
        this.planner = new ClassPlanner(callees, listener);
        Runtime.getRuntime().addShutdownHook(new Thread("lox-exit-check") {
            @Override
            public void run() {
                reportNeverInRegion();
            }
        });
    }

    @Override
    public byte[] rewrite(ClassLoader loader, String className, byte[] classFile, List<ConfigRule> rules) {
        List<ConfigRule> methodRules = ConfigRule.methodRules(rules);
        // One reader for the plan and the rewrite: the constant pool is parsed once.
        ClassReader reader = new ClassReader(classFile);
        ClassPlan plan = planner.plan(loader, reader, methodRules);
        callees.record(loader, plan);
        boolean mayCarry = methodRules.size() < rules.size() || ClassBytes.mentionsCarried(classFile);
        // Null when nothing may be carried: a class that carries nothing never loads CarriedFieldRewrite
        // (three classes, 15 KB, at the first rewrite).
        CarriedFieldRewrite carried = mayCarry ? CarriedFieldRewrite.of(className, classFile, loader, rules, log) : null;
        boolean carries = carried != null && carried.any();
        if (!plan.changes() && !carries) {
            return null;
        }
        Map<String, MethodPlan> byMethod = new HashMap<>();
        Map<String, Integer> ids = new HashMap<>();
        for (MethodPlan method : plan.methods()) {
            String key = method.method().name() + method.method().descriptor();
            if (method.parallel() != null) {
                ids.put(key, declare(loader, className, method));
            }
            if (method.changes()) {
                byMethod.put(key, method);
            }
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            private boolean frames;
            private String internalName;

            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                frames = (version & 0xFFFF) >= Opcodes.V1_6;
                internalName = name;
                if (carries && (version & 0xFFFF) < Opcodes.V1_5) {
                    throw new IllegalStateException("its class file (version " + (version & 0xFFFF) + ") predates Java 5,"
                            + " so lox cannot carry its fields");
                }
                super.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (name.equals("<clinit>") && carries) {
                    return carried.apply(mv, frames, internalName, log, className);
                }
                String key = name + descriptor;
                MethodPlan method = byMethod.get(key);
                return method == null ? mv : wrap(mv, frames, className, internalName, method, ids.get(key));
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /**
     * The visitors of one method, the outermost (its entry running first) nearest the writer:
     * the scatter test, then the region, then the helper entry, then the call sites, which so
     * see only the method's own calls.
     */
    private static MethodVisitor wrap(MethodVisitor mv, boolean frames, String className, String internalName,
            MethodPlan method, Integer id) {
        int access = method.method().access();
        String name = method.method().name();
        String descriptor = method.method().descriptor();
        String display = display(className, name, descriptor);
        if (method.scatters()) {
            mv = new ScatterEntry(mv, frames, internalName, access, name + descriptor, descriptor, id, display,
                    method.parallel().acceptsUnanalysed(), method.gatherBody());
        }
        if (method.region() != null) {
            mv = new GatherBracket(mv, frames, internalName, access, descriptor, simpleName(className) + "." + name,
                    method.region().acceptsUnanalysed());
        }
        if (method.needsHelperEntry()) {
            mv = new HelperEntry(mv, frames, internalName, access, name + descriptor, descriptor, display, method.gatherBody());
        }
        if (method.analysesCalls()) {
            mv = new AnalysedCallSites(mv, method.scatteringCalls(), method.synchronousCalls());
        }
        return mv;
    }

    private int declare(ClassLoader loader, String className, MethodPlan method) {
        MethodPlan.Parallel parallel = method.parallel();
        MethodRef ref = new MethodRef(className, method.method().name(), method.method().descriptor(), method.method().isStatic());
        int id = ParallelMethods.declare(ref, parallel.pool(), parallel.origin(), loader);
        if (method.scatters()) {
            declared.put(id, new MethodKey(className, method.method().name(), method.method().descriptor()));
        }
        return id;
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
        listener.exit();
    }

    /** {@code Images.fetch(String)}, or for a lambda's body {@code the lambda in Images.fetchAll}. */
    private static String display(String className, String name, String descriptor) {
        if (name.startsWith("lambda$") && name.lastIndexOf('$') > "lambda$".length()) {
            return "the lambda in " + simpleName(className) + "." + name.substring("lambda$".length(), name.lastIndexOf('$'));
        }
        return simpleName(className) + "." + name + display(descriptor);
    }

    private static String display(String descriptor) {
        StringJoiner joiner = new StringJoiner(", ", "(", ")");
        for (Type parameter : Type.getArgumentTypes(descriptor)) {
            joiner.add(simpleName(parameter.getClassName()));
        }
        return joiner.toString();
    }

    private static String simpleName(String name) {
        String simple = name.substring(name.lastIndexOf('.') + 1);
        return simple.substring(simple.lastIndexOf('$') + 1);
    }
}
