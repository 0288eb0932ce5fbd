package dev.lox.agent.analysis;

import dev.lox.agent.analysis.MethodBody.Insn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * A class file as the analysis needs it: its name, its constant static fields, and the code of the
 * methods that hold a call worth analysing: a call of a method of this class (the analysis's
 * fixpoint decides whether it scatters), or of another class's method the {@link ForeignRoles} call
 * scatterable or holding scattering calls. The code of every other method is read and dropped: no
 * call in it can be a call site (with a wide rule most of a library's methods are such).
 *
 * <p>A visitor, so that the planner reads a class file once for its facts and this model (it hands
 * the model the visits it does not need itself); {@link CallSiteAnalyzer#analyze(ClassModel)} then
 * analyses it.
 */
public final class ClassModel extends ClassVisitor {
    final ForeignRoles foreign;
    String name;
    /** The methods kept, in class file order. */
    final List<MethodBody> methods = new ArrayList<>();
    final Set<String> constants = new HashSet<>();
    /** Name and descriptor of every method with code, kept or not. */
    final Set<String> withCode = new HashSet<>();
    /**
     * Name and descriptor of the methods of this class that an invokedynamic right before a
     * {@code Lox.gather(Runnable)} call names, in any method, kept or not.
     */
    final Set<String> handedToGather = new HashSet<>();

    /** What {@link #foreignKind} found for each callee of another class so far (empty: nothing). */
    private final Map<MethodKey, Optional<CallSite.Kind>> foreignKinds = new HashMap<>();

    /** @param foreign asked of each call of another class's method while the class file is read */
    public ClassModel(ForeignRoles foreign) {
        super(Opcodes.ASM9);
        this.foreign = foreign;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        this.name = name;
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        int constant = Opcodes.ACC_STATIC | Opcodes.ACC_FINAL;
        if ((access & constant) == constant && (descriptor.length() == 1 || descriptor.equals("Ljava/lang/String;"))) {
            constants.add(name);
        }
        return null;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            return null;
        }
        withCode.add(name + descriptor);
        return new MethodBody(this, access, name, descriptor);
    }

    /** What a call instruction of another class's method is, as the foreign roles say; null for none. */
    CallSite.Kind foreignKind(String owner, String name, String descriptor) {
        // A class calls the same methods again and again (Guava's classes call checkNotNull in most
        // methods): the roles are asked once per callee. What they know grows only as classes are
        // planned, and this one is not yet: the same answers, unless another thread plans a class
        // meanwhile, which then counts as planned after this one.
        MethodKey key = new MethodKey(owner.replace('/', '.'), name, descriptor);
        Optional<CallSite.Kind> known = foreignKinds.get(key);
        if (known == null) {
            known = Optional.ofNullable(askForeign(key));
            foreignKinds.put(key, known);
        }
        return known.orElse(null);
    }

    private CallSite.Kind askForeign(MethodKey key) {
        if (foreign.isScatterable(key)) {
            return CallSite.Kind.PARALLEL;
        }
        return foreign.holdsScatteringCall(key) ? CallSite.Kind.SCATTERING_METHOD : null;
    }

    /** A method's code has been read: kept if it holds a candidate call. */
    void ended(MethodBody body) {
        List<Insn> insns = body.insns;
        for (int i = 0; i + 1 < insns.size(); i++) {
            Insn reference = insns.get(i);
            Insn next = insns.get(i + 1);
            if (reference.opcode == Opcodes.INVOKEDYNAMIC && name.equals(reference.owner) && reference.constant != null
                    && next.opcode == Opcodes.INVOKESTATIC && "dev/lox/Lox".equals(next.owner) && "gather".equals(next.name)
                    && "(Ljava/lang/Runnable;)V".equals(next.descriptor)) {
                handedToGather.add((String) reference.constant);
            }
        }
        if (body.holdsCandidate) {
            methods.add(body);
        }
    }
}
