package dev.lox.agent.instrument.bytebuddy;

import java.util.Set;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;

/**
 * Rewrites the hazardous call sites of one method: each call is bracketed by
 * {@code GatherRegion.requestSynchronousCall()} and {@code endSynchronousCall()}, so the method it
 * reaches runs as written, outside the thread's regions (its advice takes the request). Two static
 * calls that take and leave nothing on the stack: no frame, local or handler changes.
 *
 * <p>Calls are counted as the analysis counted them, in class file order; calls into
 * {@code dev.lox.internal} are the advice's own (user code never makes them) and are not counted,
 * whichever order Byte Buddy applies advice and this wrapper in.
 */
final class SynchronousCallSites implements AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper {
    private static final String REGION = "dev/lox/internal/GatherRegion";

    private final Set<Integer> calls;

    SynchronousCallSites(Set<Integer> calls) {
        this.calls = Set.copyOf(calls);
    }

    @Override
    public MethodVisitor wrap(TypeDescription instrumentedType, MethodDescription instrumentedMethod, MethodVisitor methodVisitor,
            Implementation.Context implementationContext, TypePool typePool, int writerFlags, int readerFlags) {
        return new MethodVisitor(Opcodes.ASM9, methodVisitor) {
            private int index;

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
        };
    }
}
