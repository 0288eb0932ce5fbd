package dev.lox.agent.rewrite;

import java.util.Set;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites the call sites of one method that the analysis judged: each call is bracketed by
 * {@code GatherRegion.requestCall(callee, scatters)} and {@code endCallRequest()}, so the method it
 * reaches knows, on entry, that its call was analysed and whether it may scatter; a call that
 * reaches it unbracketed (from code the agent did not analyse) runs as written. The request names
 * the callee as the instruction does (name and descriptor, as an interned string constant) so that
 * a request no rewritten method took cannot count for another method. Two static calls that leave
 * the stack as they found it, needing two more slots: no frame, local or handler changes.
 *
 * <p>Calls are counted as the analysis counted them, in class file order. This visitor sits
 * nearest the class reader, so it sees the method's own calls only; calls into
 * {@code dev.lox.internal} are lox's (user code never makes them) and are not counted either way.
 */
final class AnalysedCallSites extends MethodVisitor {
    private static final String REGION = "dev/lox/internal/GatherRegion";

    private final Set<Integer> scattering;
    private final Set<Integer> synchronous;
    private int index;

    AnalysedCallSites(MethodVisitor next, Set<Integer> scattering, Set<Integer> synchronous) {
        super(Opcodes.ASM9, next);
        this.scattering = Set.copyOf(scattering);
        this.synchronous = Set.copyOf(synchronous);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        if (owner.startsWith("dev/lox/internal/")) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            return;
        }
        int call = index++;
        boolean scatters = scattering.contains(call);
        boolean judged = scatters || synchronous.contains(call);
        if (judged) {
            super.visitLdcInsn(name + descriptor);
            super.visitInsn(scatters ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, REGION, "requestCall", "(Ljava/lang/String;Z)V", false);
        }
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        if (judged) {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, REGION, "endCallRequest", "()V", false);
        }
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(maxStack + 2, maxLocals);
    }
}
