package dev.lox.agent.rewrite;

import java.util.List;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The code a method's entry may take the thread out of its regions with, kept in the method's one
 * added local, and the {@code finally} that gives them back however the method ends:
 *
 * <pre>{@code
 * GatherRegion suspended = ...;   // the subclass's enter()
 * try { body } finally { GatherRegion.resume(suspended); }
 * }</pre>
 *
 * Its subclasses say how {@code suspended} is taken ({@link ScatterEntry}, {@link HelperEntry}), both
 * through {@code GatherRegion.suspendUnlessRequested}.
 */
abstract class RegionResumingEntry extends BodyAdapter {
    /** {@code GatherRegion.suspendUnlessRequested(String callee, int id, String display, boolean ruleAccepts, boolean gatherBody)}. */
    private static final String SUSPEND_UNLESS_REQUESTED = "(Ljava/lang/String;ILjava/lang/String;ZZ)" + REGION_DESC;

    private final String owner;
    /** Where the body starts: a subclass's enter() ends by visiting it. */
    final Label body = new Label();
    private final Label handler = new Label();

    RegionResumingEntry(MethodVisitor next, boolean frames, String owner, int access, String descriptor) {
        super(next, frames, access, descriptor, 1, new Object[] {REGION});
        this.owner = owner;
    }

    /**
     * The call of {@code GatherRegion.suspendUnlessRequested}, which leaves on the stack the regions
     * it took the thread out of, or null when the call goes on in them.
     *
     * @param callee the method's name and descriptor, as call sites request it
     * @param id its parallel method id, or -1
     * @param display the method as messages name it
     * @param ruleAccepts whether its rule lets calls the agent did not analyse go on in the region
     * @param gatherBody whether it is handed straight to {@code Lox.gather}, which then requests it
     */
    final void suspendUnlessRequested(String callee, int id, String display, boolean ruleAccepts, boolean gatherBody) {
        mv.visitLdcInsn(callee);
        push(id);
        mv.visitLdcInsn(display);
        mv.visitInsn(ruleAccepts ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
        mv.visitInsn(gatherBody ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, REGION, "suspendUnlessRequested", SUSPEND_UNLESS_REQUESTED, false);
    }

    @Override
    final String owner() {
        return owner;
    }

    @Override
    final void exit(int returnOpcode) {
        resume();
        mv.visitInsn(returnOpcode);
    }

    private void resume() {
        mv.visitVarInsn(Opcodes.ALOAD, local(0));
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, REGION, "resume", "(" + REGION_DESC + ")V", false);
    }

    @Override
    final void end() {
        mv.visitLabel(handler);
        List<Object> locals = unknownArguments();
        locals.add(REGION);
        frame(locals, THROWABLE);
        resume();
        mv.visitInsn(Opcodes.ATHROW);
        tryCatch(body, handler, handler);
    }
}
