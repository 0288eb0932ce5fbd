package dev.lox.agent.rewrite;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The code of a method that makes a scattering call and is neither parallel nor a region (a private
 * helper that loops over a parallel method): in a gather region, unless the call site that called
 * it was analysed and found safe ({@code GatherRegion.requestCall}), the method runs outside the
 * thread's regions, so the calls it makes run as written, and the regions come back however it
 * ends. A call from code the agent did not analyse is said once. As Java:
 *
 * <pre>{@code
 * GatherRegion suspended = GatherRegion.suspendUnlessRequested("loop(Ljava/util/List;)V", -1, "Batch.loop(List)", false, GATHER_BODY);
 * try { body } finally { GatherRegion.resume(suspended); }
 * }</pre>
 */
final class HelperEntry extends RegionResumingEntry {
    private final String callee;
    private final String display;
    private final boolean gatherBody;

    /**
     * @param callee the method's name and descriptor, as call sites request it
     * @param display the method as messages name it
     * @param gatherBody whether it is handed straight to {@code Lox.gather}, which then requests it
     */
    HelperEntry(MethodVisitor next, boolean frames, String owner, int access, String callee, String descriptor, String display,
            boolean gatherBody) {
        super(next, frames, owner, access, descriptor);
        this.callee = callee;
        this.display = display;
        this.gatherBody = gatherBody;
    }

    @Override
    void enter() {
        suspendUnlessRequested(callee, -1, display, false, gatherBody);
        mv.visitVarInsn(Opcodes.ASTORE, local(0));
        mv.visitLabel(body);
    }
}
