package dev.lox.agent.instrument.asm;

import java.util.List;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The code of a method that holds a scattering call and is neither parallel nor a region (a
 * private helper that loops over a parallel method): when a hazardous call site asked for a
 * synchronous call ({@code GatherRegion.requestSynchronousCall}), the method runs outside the
 * thread's regions, so the calls it makes run as written, and the regions come back however it
 * ends. As Java:
 *
 * <pre>{@code
 * GatherRegion suspended = GatherRegion.takeSynchronousRequest();
 * try { body } finally { GatherRegion.resume(suspended); }
 * }</pre>
 */
final class SynchronousEntry extends BodyAdapter {
    private final String owner;
    private final Label body = new Label();
    private final Label handler = new Label();

    SynchronousEntry(MethodVisitor next, boolean frames, String owner, int access, String descriptor) {
        super(next, frames, access, descriptor, 1, new Object[] {REGION});
        this.owner = owner;
    }

    @Override
    String owner() {
        return owner;
    }

    @Override
    void enter() {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, REGION, "takeSynchronousRequest", "()" + REGION_DESC, false);
        mv.visitVarInsn(Opcodes.ASTORE, local(0));
        mv.visitLabel(body);
    }

    @Override
    void exit(int returnOpcode) {
        resume();
        mv.visitInsn(returnOpcode);
    }

    private void resume() {
        mv.visitVarInsn(Opcodes.ALOAD, local(0));
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, REGION, "resume", "(" + REGION_DESC + ")V", false);
    }

    @Override
    void end() {
        mv.visitLabel(handler);
        List<Object> locals = unknownArguments();
        locals.add(REGION);
        frame(locals, THROWABLE);
        resume();
        mv.visitInsn(Opcodes.ATHROW);
        tryCatch(body, handler, handler);
    }
}
