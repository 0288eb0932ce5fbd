package dev.lox.agent.rewrite;

import java.util.List;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The code of a gather region method ({@code @Lox.Gather} or a {@code gather} rule): entry opens a
 * region on this thread; exit, however the body ends, waits for every call scattered in it and
 * throws what {@code GatherRegion.exit} says: the method's own exception (the calls' failures
 * suppressed into it), else the first failed call's. As Java:
 *
 * <pre>{@code
 * boolean entered;
 * try { GatherRegion.enter("Images.downloadAll", ACCEPTS_UNANALYSED); entered = true; } catch (Throwable t) { entered = false; }
 * Throwable thrown; R returned;
 * try { body; returned = ...; thrown = null; } catch (Throwable t) { thrown = t; returned = default; }
 * if (entered) thrown = GatherRegion.exit(thrown);
 * if (thrown != null) throw thrown;
 * return returned;
 * }</pre>
 *
 * <p>A fault while opening the region is swallowed and tells the exit that no region was opened,
 * so it never closes some outer region by mistake. The exit is not guarded: its exception is the
 * gather's result.
 */
final class GatherBracket extends BodyAdapter {
    private final String owner;
    private final String regionName;
    private final boolean acceptsUnanalysed;
    private final Type returnType;
    private final Label body = new Label();
    private final Label handler = new Label();
    private final Label exit = new Label();

    GatherBracket(MethodVisitor next, boolean frames, String owner, int access, String descriptor, String regionName,
            boolean acceptsUnanalysed) {
        super(next, frames, access, descriptor, 2 + Type.getReturnType(descriptor).getSize(),
                bodyLocals(Type.getReturnType(descriptor)));
        this.owner = owner;
        this.regionName = regionName;
        this.acceptsUnanalysed = acceptsUnanalysed;
        this.returnType = Type.getReturnType(descriptor);
    }

    /** In the body: entered (int), then thrown and returned, not set yet. */
    private static Object[] bodyLocals(Type returnType) {
        Object[] locals = new Object[2 + returnType.getSize()];
        locals[0] = Opcodes.INTEGER;
        for (int i = 1; i < locals.length; i++) {
            locals[i] = Opcodes.TOP;
        }
        return locals;
    }

    private int entered() {
        return local(0);
    }

    private int thrown() {
        return local(1);
    }

    private int returned() {
        return local(2);
    }

    @Override
    String owner() {
        return owner;
    }

    @Override
    void enter() {
        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label failed = new Label();
        Label done = new Label();
        mv.visitLabel(tryStart);
        mv.visitLdcInsn(regionName);
        mv.visitInsn(acceptsUnanalysed ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, REGION, "enter", "(Ljava/lang/String;Z)V", false);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitLabel(tryEnd);
        mv.visitJumpInsn(Opcodes.GOTO, done);
        mv.visitLabel(failed);
        frame(entryArguments(), THROWABLE);
        mv.visitInsn(Opcodes.POP);
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitLabel(done);
        frame(entryArguments(), Opcodes.INTEGER);
        mv.visitVarInsn(Opcodes.ISTORE, entered());
        mv.visitLabel(body);
        tryCatch(tryStart, tryEnd, failed);
    }

    @Override
    void exit(int returnOpcode) {
        if (returnType.getSort() != Type.VOID) {
            mv.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), returned());
        }
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitVarInsn(Opcodes.ASTORE, thrown());
        mv.visitJumpInsn(Opcodes.GOTO, exit);
    }

    @Override
    void end() {
        mv.visitLabel(handler);
        List<Object> atHandler = unknownArguments();
        for (Object local : bodyLocals(returnType)) {
            atHandler.add(local);
        }
        frame(atHandler, THROWABLE);
        mv.visitVarInsn(Opcodes.ASTORE, thrown());
        if (returnType.getSort() != Type.VOID) {
            pushDefault();
            mv.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), returned());
        }
        tryCatch(body, handler, handler);

        List<Object> atExit = unknownArguments();
        atExit.add(Opcodes.INTEGER);
        atExit.add(THROWABLE);
        if (returnType.getSort() != Type.VOID) {
            atExit.add(verificationType(returnType));
        }
        Label check = new Label();
        Label normal = new Label();
        mv.visitLabel(exit);
        frame(atExit);
        mv.visitVarInsn(Opcodes.ILOAD, entered());
        mv.visitJumpInsn(Opcodes.IFEQ, check);
        mv.visitVarInsn(Opcodes.ALOAD, thrown());
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, REGION, "exit", "(Ljava/lang/Throwable;)Ljava/lang/Throwable;", false);
        mv.visitVarInsn(Opcodes.ASTORE, thrown());
        mv.visitLabel(check);
        frame(atExit);
        mv.visitVarInsn(Opcodes.ALOAD, thrown());
        mv.visitJumpInsn(Opcodes.IFNULL, normal);
        mv.visitVarInsn(Opcodes.ALOAD, thrown());
        mv.visitInsn(Opcodes.ATHROW);
        mv.visitLabel(normal);
        frame(atExit);
        if (returnType.getSort() == Type.VOID) {
            mv.visitInsn(Opcodes.RETURN);
        } else {
            mv.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), returned());
            mv.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
        }
    }

    private void pushDefault() {
        switch (returnType.getSort()) {
            case Type.LONG: mv.visitInsn(Opcodes.LCONST_0); break;
            case Type.FLOAT: mv.visitInsn(Opcodes.FCONST_0); break;
            case Type.DOUBLE: mv.visitInsn(Opcodes.DCONST_0); break;
            case Type.OBJECT:
            case Type.ARRAY: mv.visitInsn(Opcodes.ACONST_NULL); break;
            default: mv.visitInsn(Opcodes.ICONST_0);
        }
    }
}
