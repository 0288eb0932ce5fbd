package dev.lox.agent.instrument.asm;

import java.util.Set;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites the hazardous call sites of one method: each call is bracketed by
 * {@code GatherRegion.requestSynchronousCall()} and {@code endSynchronousCall()}, so the method it
 * reaches runs as written, outside the thread's regions (its entry code takes the request). Two
 * static calls that take and leave nothing on the stack: no frame, local or handler changes.
 *
 * <p>Calls are counted as the analysis counted them, in class file order. This visitor sits
 * nearest the class reader, so it sees the method's own calls only; calls into
 * {@code dev.lox.internal} are lox's (user code never makes them) and are not counted either way.
 */
final class SynchronousCallSites extends MethodVisitor {
    private static final String REGION = "dev/lox/internal/GatherRegion";

    private final Set<Integer> calls;
    private int index;

    SynchronousCallSites(MethodVisitor next, Set<Integer> calls) {
        super(Opcodes.ASM9, next);
        this.calls = Set.copyOf(calls);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        if (owner.startsWith("dev/lox/internal/")) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            return;
        }
        boolean synchronous = calls.contains(index++);
        if (synchronous) {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, REGION, "requestSynchronousCall", "()V", false);
        }
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        if (synchronous) {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, REGION, "endSynchronousCall", "()V", false);
        }
    }
}
