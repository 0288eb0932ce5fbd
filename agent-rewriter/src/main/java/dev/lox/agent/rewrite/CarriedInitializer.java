package dev.lox.agent.rewrite;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The end of the static initializer of a class with carried fields ({@code @Lox.Carried}, or a
 * {@code carry} rule): once the class has initialized, and only then, its ThreadLocal fields exist
 * and are handed to {@code CarriedContext}. lox so never reads a field of a class that the program
 * has not initialized itself. A fault there is swallowed: it must not fail the application's class.
 * As Java, at each return of {@code <clinit>}:
 *
 * <pre>{@code
 * try { CarriedContext.register(Owner.class, "FIELD,OTHER", "@Lox.Carried,lox.conf:3"); } catch (Throwable ignored) { }
 * return;
 * }</pre>
 */
final class CarriedInitializer extends MethodVisitor {
    private final boolean frames;
    private final String owner;
    private final String fields;
    private final String origins;
    private final Label exit = new Label();

    CarriedInitializer(MethodVisitor next, boolean frames, String owner, String fields, String origins) {
        super(Opcodes.ASM9, next);
        this.frames = frames;
        this.owner = owner;
        this.fields = fields;
        this.origins = origins;
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode == Opcodes.RETURN) {
            mv.visitJumpInsn(Opcodes.GOTO, exit);
        } else {
            mv.visitInsn(opcode);
        }
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label failed = new Label();
        mv.visitLabel(exit);
        if (frames) {
            mv.visitFrame(Opcodes.F_NEW, 0, new Object[0], 0, new Object[0]);
        }
        mv.visitLabel(tryStart);
        mv.visitLdcInsn(Type.getObjectType(owner));
        mv.visitLdcInsn(fields);
        mv.visitLdcInsn(origins);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/lox/internal/CarriedContext", "register",
                "(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/String;)V", false);
        mv.visitLabel(tryEnd);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitLabel(failed);
        if (frames) {
            mv.visitFrame(Opcodes.F_NEW, 0, new Object[0], 1, new Object[] {"java/lang/Throwable"});
        }
        mv.visitInsn(Opcodes.POP);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitTryCatchBlock(tryStart, tryEnd, failed, "java/lang/Throwable");
        mv.visitMaxs(Math.max(maxStack, 3), maxLocals);
    }
}
