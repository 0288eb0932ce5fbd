package dev.lox.agent.instrument.asm;

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
final class SynchronousEntry extends RegionResumingEntry {

    SynchronousEntry(MethodVisitor next, boolean frames, String owner, int access, String descriptor) {
        super(next, frames, owner, access, descriptor);
    }

    @Override
    void enter() {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, REGION, "takeSynchronousRequest", "()" + REGION_DESC, false);
        mv.visitVarInsn(Opcodes.ASTORE, local(0));
        mv.visitLabel(body);
    }
}
