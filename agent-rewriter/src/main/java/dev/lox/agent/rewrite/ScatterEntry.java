package dev.lox.agent.rewrite;

import java.util.List;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The code of a parallel method that returns {@code void} or a future: inside a gather region a
 * plain call is scattered and the body skipped (a future-returning method returns the scattered
 * call's future); outside one the body runs as written. As Java:
 *
 * <pre>{@code
 * GatherRegion suspended = null;
 * if (GatherRegion.current() != null) {
 *     // null unless the call site was not analysed, or found hazardous: then it runs as written
 *     suspended = GatherRegion.suspendUnlessRequested("fetch(Ljava/lang/String;)V", ID, "Images.fetch(String)",
 *             RULE_ACCEPTS_UNANALYSED, GATHER_BODY);
 *     if (suspended == null) {
 *         CompletableFuture<Object> scattered = PlainCalls.scatterIfInRegion(ID, new Object[] {this, args...});
 *         if (scattered != null) return scattered;        // or plain return for void
 *     }
 * }
 * try { body } finally { GatherRegion.resume(suspended); }
 * }</pre>
 *
 * <p>The region test comes first and the argument array is built only after it, so a call outside
 * a region costs one read of a constant call site and a branch, which the JIT folds away until a
 * region ever opens. Nothing is suppressed: a call that cannot be scattered (an argument that
 * cannot travel to a worker JVM) fails at the call, as {@code Handle.scatter} does.
 */
final class ScatterEntry extends RegionResumingEntry {
    private static final String PLAIN_CALLS = "dev/lox/internal/PlainCalls";
    private static final String FUTURE = "java/util/concurrent/CompletableFuture";

    private final int id;
    private final String callee;
    private final String display;
    private final boolean ruleAcceptsUnanalysed;
    private final boolean gatherBody;
    private final Type returnType;

    /**
     * @param callee the method's name and descriptor, as call sites request it
     * @param display the method as messages name it
     * @param ruleAcceptsUnanalysed whether its rule lets calls the agent did not analyse scatter
     * @param gatherBody whether it is handed straight to {@code Lox.gather}, which then requests it
     */
    ScatterEntry(MethodVisitor next, boolean frames, String owner, int access, String callee, String descriptor, int id,
            String display, boolean ruleAcceptsUnanalysed, boolean gatherBody) {
        super(next, frames, owner, access, descriptor);
        this.id = id;
        this.callee = callee;
        this.display = display;
        this.ruleAcceptsUnanalysed = ruleAcceptsUnanalysed;
        this.gatherBody = gatherBody;
        this.returnType = Type.getReturnType(descriptor);
    }

    @Override
    void enter() {
        int suspended = local(0);
        Label popThenBody = new Label();
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitVarInsn(Opcodes.ASTORE, suspended);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, REGION, "current", "()" + REGION_DESC, false);
        mv.visitJumpInsn(Opcodes.IFNULL, body);
        suspendUnlessRequested(callee, id, display, ruleAcceptsUnanalysed, gatherBody);
        mv.visitInsn(Opcodes.DUP);
        mv.visitVarInsn(Opcodes.ASTORE, suspended);
        mv.visitJumpInsn(Opcodes.IFNONNULL, body);
        push(id);
        receiverAndArguments();
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, PLAIN_CALLS, "scatterIfInRegion",
                "(I[Ljava/lang/Object;)L" + FUTURE + ";", false);
        mv.visitInsn(Opcodes.DUP);
        mv.visitJumpInsn(Opcodes.IFNULL, popThenBody);
        if (returnType.getSort() == Type.VOID) {
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.RETURN);
        } else {
            mv.visitTypeInsn(Opcodes.CHECKCAST, returnType.getInternalName());
            mv.visitInsn(Opcodes.ARETURN);
        }
        mv.visitLabel(popThenBody);
        List<Object> locals = entryArguments();
        locals.add(REGION);
        frame(locals, FUTURE);
        mv.visitInsn(Opcodes.POP);
        mv.visitLabel(body);
        frameAtBody();
    }

    /** {@code this} (for an instance method) and the arguments, as one {@code Object[]}, primitives boxed. */
    private void receiverAndArguments() {
        Type[] arguments = Type.getArgumentTypes(descriptor);
        int first = isStatic ? 0 : 1;
        push(first + arguments.length);
        mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
        if (!isStatic) {
            mv.visitInsn(Opcodes.DUP);
            push(0);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitInsn(Opcodes.AASTORE);
        }
        int slot = first;
        for (int i = 0; i < arguments.length; i++) {
            mv.visitInsn(Opcodes.DUP);
            push(first + i);
            mv.visitVarInsn(arguments[i].getOpcode(Opcodes.ILOAD), slot);
            box(arguments[i]);
            mv.visitInsn(Opcodes.AASTORE);
            slot += arguments[i].getSize();
        }
    }

    private void box(Type t) {
        String boxed;
        switch (t.getSort()) {
            case Type.BOOLEAN: boxed = "java/lang/Boolean"; break;
            case Type.BYTE: boxed = "java/lang/Byte"; break;
            case Type.CHAR: boxed = "java/lang/Character"; break;
            case Type.SHORT: boxed = "java/lang/Short"; break;
            case Type.INT: boxed = "java/lang/Integer"; break;
            case Type.LONG: boxed = "java/lang/Long"; break;
            case Type.FLOAT: boxed = "java/lang/Float"; break;
            case Type.DOUBLE: boxed = "java/lang/Double"; break;
            default: return;
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, boxed, "valueOf", "(" + t.getDescriptor() + ")L" + boxed + ";", false);
    }
}
