package dev.lox.agent.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * One method's code, recorded from a class file as a list of instructions with resolved jump
 * targets, exception handlers and line numbers: what the dataflow passes walk. Byte Buddy's ASM
 * ships no tree API, so this is the small part of one that the analysis needs.
 */
final class MethodBody extends MethodVisitor {
    /** The targets of an instruction that jumps nowhere: shared, as every instruction starts with none. */
    private static final int[] NO_TARGETS = new int[0];

    /** One instruction; which fields mean something depends on the opcode. */
    static final class Insn {
        final int opcode;
        String owner;
        String name;
        String descriptor;
        int var;
        Object constant;
        int line = -1;
        /** Jump and switch targets, as instruction indices. */
        int[] targets = NO_TARGETS;
        /** The position among the method-call instructions, or -1. */
        int callIndex = -1;
        /** For a call of another class's method: what the foreign roles made of it, as it was read (null: nothing). */
        CallSite.Kind foreignKind;
        Label[] labels;
        /** For a call, once asked: the values it takes from the stack, and the type it returns. */
        private int arguments = -1;
        private Type returned;

        Insn(int opcode) {
            this.opcode = opcode;
        }

        boolean isInvoke() {
            return opcode >= Opcodes.INVOKEVIRTUAL && opcode <= Opcodes.INVOKEINTERFACE;
        }

        /**
         * How many values a call (or invokedynamic) takes from the stack, receiver included. Kept:
         * every dataflow pass over the method (the origins', then one per call site) asks again.
         */
        int arguments() {
            if (arguments < 0) {
                arguments = Type.getArgumentTypes(descriptor).length
                        + (opcode == Opcodes.INVOKESTATIC || opcode == Opcodes.INVOKEDYNAMIC ? 0 : 1);
            }
            return arguments;
        }

        /** The type a call (or invokedynamic) returns; kept, as {@link #arguments()}. */
        Type returned() {
            if (returned == null) {
                returned = Type.getReturnType(descriptor);
            }
            return returned;
        }
    }

    /** A try block: instructions [start, end) go to handler; type null for a finally (any). */
    record Handler(int start, int end, int handler, String type) {
    }

    final int access;
    final String name;
    final String descriptor;
    final List<Insn> insns = new ArrayList<>();
    final List<Handler> handlers = new ArrayList<>();
    private final Map<Label, Integer> positions = new HashMap<>();
    private final List<Label[]> pendingHandlers = new ArrayList<>();
    private final List<String> pendingTypes = new ArrayList<>();
    private int line = -1;
    private int calls;
    /** The local slots the code uses, once asked (see {@link #maxLocals()}). */
    private int maxLocals = -1;
    /** An old-style subroutine (JSR/RET): not analysed, every call site in it counts as hazardous. */
    boolean unsupported;
    /** Whether a call in it may be a call site: of this class's method, or one the foreign roles name. */
    boolean holdsCandidate;
    private final ClassModel model;

    MethodBody(ClassModel model, int access, String name, String descriptor) {
        super(Opcodes.ASM9);
        this.model = model;
        this.access = access;
        this.name = name;
        this.descriptor = descriptor;
    }

    boolean isStatic() {
        return (access & Opcodes.ACC_STATIC) != 0;
    }

    /**
     * The local slots the parameters and the code use: the size of a dataflow frame's locals. Kept:
     * every dataflow pass over the method (the origins', then one per call site) needs it.
     */
    int maxLocals() {
        if (maxLocals < 0) {
            int max = isStatic() ? 0 : 1;
            for (Type parameter : Type.getArgumentTypes(descriptor)) {
                max += parameter.getSize();
            }
            for (Insn insn : insns) {
                int op = insn.opcode;
                if ((op >= Opcodes.ILOAD && op <= Opcodes.ALOAD) || (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE)
                        || op == Opcodes.IINC) {
                    int size = op == Opcodes.LLOAD || op == Opcodes.DLOAD || op == Opcodes.LSTORE || op == Opcodes.DSTORE ? 2 : 1;
                    max = Math.max(max, insn.var + size);
                }
            }
            maxLocals = max;
        }
        return maxLocals;
    }

    private Insn add(Insn insn) {
        insn.line = line;
        insns.add(insn);
        return insn;
    }

    @Override
    public void visitLabel(Label label) {
        positions.put(label, insns.size());
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        // Visited right after the line's label, before the line's first instruction.
        this.line = line;
    }

    @Override
    public void visitInsn(int opcode) {
        add(new Insn(opcode));
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        add(new Insn(opcode));
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
        if (opcode == Opcodes.RET) {
            unsupported = true;
        }
        add(new Insn(opcode)).var = var;
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        add(new Insn(opcode)).owner = type;
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        Insn insn = add(new Insn(opcode));
        insn.owner = owner;
        insn.name = name;
        insn.descriptor = descriptor;
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        Insn insn = add(new Insn(opcode));
        insn.owner = owner;
        insn.name = name;
        insn.descriptor = descriptor;
        insn.callIndex = calls++;
        if (name.startsWith("<")) {
            return;
        }
        if (owner.equals(model.name)) {
            holdsCandidate = true;
        } else {
            insn.foreignKind = model.foreignKind(owner, name, descriptor);
            holdsCandidate |= insn.foreignKind != null;
        }
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
        Insn insn = add(new Insn(Opcodes.INVOKEDYNAMIC));
        insn.name = name;
        insn.descriptor = descriptor;
        // A lambda or method reference: keep the method it runs, as owner and constant (name + descriptor).
        if (bootstrap.getOwner().equals("java/lang/invoke/LambdaMetafactory") && arguments.length > 1
                && arguments[1] instanceof Handle implementation) {
            insn.owner = implementation.getOwner();
            insn.constant = implementation.getName() + implementation.getDesc();
        }
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        if (opcode == Opcodes.JSR) {
            unsupported = true;
        }
        add(new Insn(opcode)).labels = new Label[] {label};
    }

    @Override
    public void visitLdcInsn(Object value) {
        add(new Insn(Opcodes.LDC)).constant = value;
    }

    @Override
    public void visitIincInsn(int var, int increment) {
        add(new Insn(Opcodes.IINC)).var = var;
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        add(new Insn(Opcodes.TABLESWITCH)).labels = withDefault(dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        add(new Insn(Opcodes.LOOKUPSWITCH)).labels = withDefault(dflt, labels);
    }

    private static Label[] withDefault(Label dflt, Label[] labels) {
        Label[] all = new Label[labels.length + 1];
        all[0] = dflt;
        System.arraycopy(labels, 0, all, 1, labels.length);
        return all;
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
        Insn insn = add(new Insn(Opcodes.MULTIANEWARRAY));
        insn.owner = descriptor;
        insn.var = dimensions;
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
        pendingHandlers.add(new Label[] {start, end, handler});
        pendingTypes.add(type);
    }

    @Override
    public void visitEnd() {
        if (!holdsCandidate) {
            model.ended(this); // dropped: its jumps need no resolving
            return;
        }
        for (Insn insn : insns) {
            if (insn.labels != null) {
                insn.targets = new int[insn.labels.length];
                for (int i = 0; i < insn.labels.length; i++) {
                    insn.targets[i] = positions.get(insn.labels[i]);
                }
                insn.labels = null;
            }
        }
        for (int i = 0; i < pendingHandlers.size(); i++) {
            Label[] labels = pendingHandlers.get(i);
            handlers.add(new Handler(positions.get(labels[0]), positions.get(labels[1]), positions.get(labels[2]),
                    pendingTypes.get(i)));
        }
        model.ended(this);
    }
}
