package dev.lox.agent.rewrite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.jar.asm.TypePath;

/**
 * Wraps one method body in code of lox's own, as inlined advice does: code at entry, code in place
 * of each return, and a handler over the whole body. The locals that code keeps across the body
 * are inserted right after the parameters, and the body's own locals move up to make room, in its
 * instructions, its debug tables and its stack map frames. Several wrappers compose: the one
 * nearest the class writer is the outermost, its entry running first.
 *
 * <p>Frames are written, not computed (computing them would load classes while a class loads):
 * the class must be read with {@code ClassReader.EXPAND_FRAMES}, so every frame arrives whole, and
 * each frame of lox's own code names only what that code knows: the parameters (at entry, as the
 * descriptor declares them; elsewhere TOP, since the body may have stored anything there) and its
 * own locals.
 */
abstract class BodyAdapter extends MethodVisitor {
    static final String REGION = "dev/lox/internal/GatherRegion";
    static final String REGION_DESC = "L" + REGION + ";";
    static final String THROWABLE = "java/lang/Throwable";

    /** Whether the class file has stack map frames (version 50, Java 6, and later). */
    final boolean frames;
    final boolean isStatic;
    final String descriptor;
    /** Slots of {@code this} and the parameters. */
    final int argSize;
    /** Slots this wrapper inserts after the parameters. */
    private final int addedSize;
    /** Frame entries of the inserted locals within the body. */
    private final Object[] bodyLocals;
    /** A frame lox's entry code wants at the body's first instruction, unless the body brings one there. */
    private Object[] pendingStack;
    /** Try/catch ranges of lox's code, as start, end, handler: written after the body's own. */
    private final List<Label> handlers = new ArrayList<>();

    BodyAdapter(MethodVisitor next, boolean frames, int access, String descriptor, int addedSize, Object[] bodyLocals) {
        super(Opcodes.ASM9, next);
        this.frames = frames;
        this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
        this.descriptor = descriptor;
        this.argSize = (Type.getArgumentsAndReturnSizes(descriptor) >> 2) - (isStatic ? 1 : 0);
        this.addedSize = addedSize;
        this.bodyLocals = bodyLocals;
    }

    /** The slot of this wrapper's own local number {@code slot} (0-based, in slots). */
    final int local(int slot) {
        return argSize + slot;
    }

    /** Emits the entry code, after the next visitor's own. */
    abstract void enter();

    /** Emits what replaces a return instruction of the body ({@code IRETURN} ... {@code RETURN}). */
    abstract void exit(int returnOpcode);

    /** Emits the code after the body (its handler), and registers its try/catch ranges. */
    abstract void end();

    /** Extra operand stack lox's code needs beyond the body's. */
    int extraStack() {
        return 8;
    }

    // ---- frames of lox's own code ----

    /** The parameters as the descriptor declares them: what they hold at entry. */
    final List<Object> entryArguments() {
        List<Object> locals = new ArrayList<>();
        if (!isStatic) {
            locals.add(owner());
        }
        for (Type t : Type.getArgumentTypes(descriptor)) {
            locals.add(verificationType(t));
        }
        return locals;
    }

    /** The parameters' slots as TOP: after the body has run, lox's code reads none of them. */
    final List<Object> unknownArguments() {
        List<Object> locals = new ArrayList<>();
        for (int i = 0; i < argSize; i++) {
            locals.add(Opcodes.TOP);
        }
        return locals;
    }

    /** The class being rewritten (the type of {@code this}). */
    abstract String owner();

    /** Writes a whole frame of lox's own code. */
    final void frame(List<Object> locals, Object... stack) {
        if (frames) {
            mv.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), stack.length, stack);
        }
    }

    /** A frame at the body's first instruction, written only if the body does not bring one there. */
    final void frameAtBody(Object... stack) {
        pendingStack = stack;
    }

    private void flushPending() {
        if (pendingStack != null) {
            List<Object> locals = entryArguments();
            locals.addAll(Arrays.asList(bodyLocals));
            Object[] stack = pendingStack;
            pendingStack = null;
            frame(locals, stack);
        }
    }

    static Object verificationType(Type t) {
        switch (t.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return Opcodes.INTEGER;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            default:
                return t.getInternalName();
        }
    }

    /** Pushes an int constant the shortest way. */
    final void push(int value) {
        if (value >= -1 && value <= 5) {
            mv.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.BIPUSH, value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            mv.visitLdcInsn(value);
        }
    }

    /** Registers a try/catch range of lox's code, written after the body's own (so the body's handlers come first). */
    final void tryCatch(Label start, Label end, Label handler) {
        handlers.add(start);
        handlers.add(end);
        handlers.add(handler);
    }

    // ---- the body, passed on with its locals moved ----

    private int remap(int var) {
        return var < argSize ? var : var + addedSize;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        enter();
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        if (type != Opcodes.F_NEW) {
            throw new IllegalStateException("lox reads class files with expanded frames; got a frame of type " + type);
        }
        pendingStack = null; // the body brings its own frame here
        List<Object> locals = new ArrayList<>(numLocal + bodyLocals.length);
        int slots = 0;
        int i = 0;
        while (i < numLocal && slots < argSize) {
            Object t = local[i++];
            locals.add(t);
            slots += t == Opcodes.LONG || t == Opcodes.DOUBLE ? 2 : 1;
        }
        if (slots > argSize) {
            throw new IllegalStateException("a stack map frame holds a long or double across the last parameter's slot");
        }
        for (; slots < argSize; slots++) {
            locals.add(Opcodes.TOP);
        }
        locals.addAll(Arrays.asList(bodyLocals));
        for (; i < numLocal; i++) {
            locals.add(local[i]);
        }
        mv.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), numStack, stack);
    }

    @Override
    public void visitInsn(int opcode) {
        flushPending();
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            exit(opcode);
        } else {
            mv.visitInsn(opcode);
        }
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        flushPending();
        mv.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
        flushPending();
        mv.visitVarInsn(opcode, remap(var));
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        flushPending();
        mv.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String desc) {
        flushPending();
        mv.visitFieldInsn(opcode, owner, name, desc);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
        flushPending();
        mv.visitMethodInsn(opcode, owner, name, desc, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String desc, net.bytebuddy.jar.asm.Handle bsm, Object... bsmArgs) {
        flushPending();
        mv.visitInvokeDynamicInsn(name, desc, bsm, bsmArgs);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        flushPending();
        mv.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        flushPending();
        mv.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
        flushPending();
        mv.visitIincInsn(remap(var), increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        flushPending();
        mv.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        flushPending();
        mv.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String desc, int numDimensions) {
        flushPending();
        mv.visitMultiANewArrayInsn(desc, numDimensions);
    }

    @Override
    public void visitLocalVariable(String name, String desc, String signature, Label start, Label end, int index) {
        mv.visitLocalVariable(name, desc, signature, start, end, remap(index));
    }

    @Override
    public net.bytebuddy.jar.asm.AnnotationVisitor visitLocalVariableAnnotation(int typeRef, TypePath typePath,
            Label[] start, Label[] end, int[] index, String desc, boolean visible) {
        int[] moved = new int[index.length];
        for (int i = 0; i < index.length; i++) {
            moved[i] = remap(index[i]);
        }
        return mv.visitLocalVariableAnnotation(typeRef, typePath, start, end, moved, desc, visible);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        flushPending();
        end();
        for (int i = 0; i < handlers.size(); i += 3) {
            mv.visitTryCatchBlock(handlers.get(i), handlers.get(i + 1), handlers.get(i + 2), THROWABLE);
        }
        mv.visitMaxs(maxStack + extraStack(), maxLocals + addedSize);
    }
}
