package dev.lox.agent.analysis;

import dev.lox.agent.analysis.MethodBody.Handler;
import dev.lox.agent.analysis.MethodBody.Insn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * A forward dataflow over one method's instructions, in the manner of ASM's {@code Analyzer}: the
 * engine knows the JVM's stack shapes and control flow; the {@link Interpreter} says what a value
 * is. Values are whole (a long is one value of size 2), locals are slots (a long's second slot is
 * empty).
 */
final class Frames<V> {

    /** What values are, and what instructions make of them. */
    interface Interpreter<V> {
        /** A value the method holds on entry: {@code this} (index 0 of an instance method) or a parameter. */
        V parameter(int slot, Type type);

        /**
         * The value an instruction pushes, given the values it consumed; {@code type} is its JVM type
         * ({@code null} for a primitive whose exact type does not matter). Called for every
         * instruction that consumes or produces values, except pure moves (loads, stores, dups) and
         * {@code checkcast}, which keep the value as it is.
         *
         * @param result the pushed value's size (1 or 2), or 0 if the instruction pushes nothing
         */
        V execute(int index, Insn insn, List<V> consumed, int result, boolean reference);

        /** The exception a handler receives. */
        V caught(int handler);

        V merge(V a, V b);
    }

    /** The values of one point of the method: locals by slot, the operand stack bottom first. */
    static final class Frame<V> {
        final Object[] locals;
        final List<V> stack;
        final List<Integer> sizes;

        Frame(int maxLocals) {
            this(new Object[maxLocals], new ArrayList<>(), new ArrayList<>());
        }

        private Frame(Object[] locals, List<V> stack, List<Integer> sizes) {
            this.locals = locals;
            this.stack = stack;
            this.sizes = sizes;
        }

        /**
         * Each list copied once, into an array the copy keeps (an empty list's {@code addAll} copies
         * into a temporary array, then again into its own): a pass copies a frame per instruction it runs.
         */
        Frame<V> copy() {
            return new Frame<>(locals.clone(), new ArrayList<>(stack), new ArrayList<>(sizes));
        }

        /** The value in a local slot, or null if the slot holds none (unset, or a long's second half). */
        @SuppressWarnings("unchecked")
        V local(int slot) {
            return locals[slot] instanceof Sized sized ? (V) sized.value : null;
        }

        /** Replaces the value in a slot that holds one, keeping its size. */
        void replaceLocal(int slot, V value) {
            if (locals[slot] instanceof Sized sized) {
                locals[slot] = new Sized(value, sized.size);
            }
        }

        void push(V value, int size) {
            stack.add(value);
            sizes.add(size);
        }

        V pop() {
            sizes.remove(sizes.size() - 1);
            return stack.remove(stack.size() - 1);
        }

        int topSize() {
            return sizes.get(sizes.size() - 1);
        }
    }

    private static final Object WIDE_SECOND = new Object();

    private final MethodBody body;
    private final Interpreter<V> interpreter;
    private final int maxLocals;
    private final List<Frame<V>> in;

    Frames(MethodBody body, Interpreter<V> interpreter) {
        this.body = body;
        this.interpreter = interpreter;
        this.maxLocals = body.maxLocals();
        this.in = new ArrayList<>(body.insns.size());
        for (int i = 0; i < body.insns.size(); i++) {
            in.add(null);
        }
    }

    /** The frame before each instruction (null where unreachable from where the run started). */
    List<Frame<V>> in() {
        return in;
    }

    /** Runs from the method's entry. */
    Frames<V> runFromEntry() {
        Frame<V> entry = new Frame<>(maxLocals);
        int slot = 0;
        if (!body.isStatic()) {
            entry.locals[0] = new Sized(interpreter.parameter(0, Type.getObjectType("java/lang/Object")), 1);
            slot = 1;
        }
        for (Type parameter : Type.getArgumentTypes(body.descriptor)) {
            entry.locals[slot] = new Sized(interpreter.parameter(slot, parameter), parameter.getSize());
            if (parameter.getSize() == 2) {
                entry.locals[slot + 1] = WIDE_SECOND;
            }
            slot += parameter.getSize();
        }
        if (!body.insns.isEmpty()) {
            run(List.of(0), List.of(entry));
        }
        return this;
    }

    /** Runs from the given instructions, with the given frames before them. */
    Frames<V> run(List<Integer> starts, List<Frame<V>> frames) {
        ArrayDeque<Integer> work = new ArrayDeque<>();
        for (int i = 0; i < starts.size(); i++) {
            if (merge(starts.get(i), frames.get(i), false)) {
                work.add(starts.get(i));
            }
        }
        while (!work.isEmpty()) {
            int index = work.poll();
            Frame<V> before = in.get(index);
            Insn insn = body.insns.get(index);
            Frame<V> after = before.copy();
            execute(index, insn, after);
            for (Handler handler : body.handlers) {
                if (index >= handler.start() && index < handler.end()) {
                    Frame<V> caught = new Frame<>(maxLocals);
                    for (int slot = 0; slot < maxLocals; slot++) {
                        caught.locals[slot] = mergeSlot(before.locals[slot], after.locals[slot]);
                    }
                    caught.push(interpreter.caught(handler.handler()), 1);
                    if (merge(handler.handler(), caught, true)) {
                        work.add(handler.handler());
                    }
                }
            }
            List<Integer> successors = successors(index, insn);
            for (int i = 0; i < successors.size(); i++) {
                // The last successor may keep the frame itself: nothing uses it after.
                if (merge(successors.get(i), after, i == successors.size() - 1)) {
                    work.add(successors.get(i));
                }
            }
        }
        return this;
    }

    /** The frame after an instruction, given the one before it. */
    Frame<V> after(int index, Frame<V> before) {
        Frame<V> after = before.copy();
        execute(index, body.insns.get(index), after);
        return after;
    }

    List<Integer> successors(int index, Insn insn) {
        int op = insn.opcode;
        List<Integer> next = new ArrayList<>(2);
        boolean fallsThrough = !(op == Opcodes.GOTO || op == Opcodes.ATHROW || op == Opcodes.TABLESWITCH
                || op == Opcodes.LOOKUPSWITCH || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.RET);
        if (fallsThrough && index + 1 < body.insns.size()) {
            next.add(index + 1);
        }
        for (int target : insn.targets) {
            next.add(target);
        }
        return next;
    }

    /** @param owned whether the frame may be kept as it is (the caller no longer uses it), not copied */
    private boolean merge(int index, Frame<V> frame, boolean owned) {
        Frame<V> old = in.get(index);
        if (old == null) {
            in.set(index, owned ? frame : frame.copy());
            return true;
        }
        boolean changed = false;
        for (int slot = 0; slot < maxLocals; slot++) {
            Object merged = mergeSlot(old.locals[slot], frame.locals[slot]);
            if (!Objects.equals(merged, old.locals[slot])) {
                old.locals[slot] = merged;
                changed = true;
            }
        }
        if (old.stack.size() != frame.stack.size()) {
            throw new IllegalStateException("stack heights differ at instruction " + index + " of " + body.name);
        }
        for (int i = 0; i < old.stack.size(); i++) {
            V merged = interpreter.merge(old.stack.get(i), frame.stack.get(i));
            if (!merged.equals(old.stack.get(i))) {
                old.stack.set(i, merged);
                changed = true;
            }
        }
        return changed;
    }

    @SuppressWarnings("unchecked")
    private Object mergeSlot(Object a, Object b) {
        if (a == null || b == null || a == WIDE_SECOND || b == WIDE_SECOND) {
            return a == b ? a : null;
        }
        if (a instanceof Sized sa && b instanceof Sized sb) {
            if (sa.size != sb.size) {
                return null;
            }
            V merged = interpreter.merge((V) sa.value, (V) sb.value);
            // Unchanged: the slot as it was (a Sized is immutable), not an equal copy to compare and drop.
            return Objects.equals(merged, sa.value) ? a : new Sized(merged, sa.size);
        }
        return null;
    }

    /** A value in a local slot, with its size (locals lose the size a stack entry carries). */
    record Sized(Object value, int size) {
        // Written out: a record's own would bootstrap through invokedynamic at class load (see MethodKey).
        @Override
        public boolean equals(Object o) {
            return o instanceof Sized s && size == s.size && Objects.equals(value, s.value);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(value) * 31 + size;
        }
    }

    private void store(Frame<V> frame, int slot, V value, int size) {
        Object previous = frame.locals[slot];
        if (previous == WIDE_SECOND && slot > 0) {
            frame.locals[slot - 1] = null; // overwriting the second half of a long kills the long
        }
        frame.locals[slot] = new Sized(value, size);
        if (size == 2) {
            frame.locals[slot + 1] = WIDE_SECOND;
        }
    }

    @SuppressWarnings("unchecked")
    private V load(Frame<V> frame, int slot) {
        Object local = frame.locals[slot];
        if (local instanceof Sized sized) {
            return (V) sized.value;
        }
        throw new IllegalStateException("load of an undefined local " + slot + " in " + body.name);
    }

    private void execute(int index, Insn insn, Frame<V> f) {
        int op = insn.opcode;
        switch (op) {
            case Opcodes.NOP, Opcodes.GOTO, Opcodes.RETURN, Opcodes.IINC -> {
            }
            case Opcodes.ACONST_NULL -> produce(index, insn, f, 0, 1, true);
            case Opcodes.ICONST_M1, Opcodes.ICONST_0, Opcodes.ICONST_1, Opcodes.ICONST_2, Opcodes.ICONST_3,
                    Opcodes.ICONST_4, Opcodes.ICONST_5, Opcodes.FCONST_0, Opcodes.FCONST_1, Opcodes.FCONST_2,
                    Opcodes.BIPUSH, Opcodes.SIPUSH -> produce(index, insn, f, 0, 1, false);
            case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1 -> produce(index, insn, f, 0, 2, false);
            case Opcodes.LDC -> {
                Object c = insn.constant;
                boolean wide = c instanceof Long || c instanceof Double;
                boolean reference = !(wide || c instanceof Integer || c instanceof Float);
                produce(index, insn, f, 0, wide ? 2 : 1, reference);
            }
            case Opcodes.ILOAD, Opcodes.FLOAD, Opcodes.ALOAD -> f.push(load(f, insn.var), 1);
            case Opcodes.LLOAD, Opcodes.DLOAD -> f.push(load(f, insn.var), 2);
            case Opcodes.ISTORE, Opcodes.FSTORE, Opcodes.ASTORE -> store(f, insn.var, f.pop(), 1);
            case Opcodes.LSTORE, Opcodes.DSTORE -> store(f, insn.var, f.pop(), 2);
            case Opcodes.IALOAD, Opcodes.FALOAD, Opcodes.BALOAD, Opcodes.CALOAD, Opcodes.SALOAD -> produce(index, insn, f, 2, 1, false);
            case Opcodes.LALOAD, Opcodes.DALOAD -> produce(index, insn, f, 2, 2, false);
            case Opcodes.AALOAD -> produce(index, insn, f, 2, 1, true);
            case Opcodes.IASTORE, Opcodes.LASTORE, Opcodes.FASTORE, Opcodes.DASTORE, Opcodes.AASTORE, Opcodes.BASTORE,
                    Opcodes.CASTORE, Opcodes.SASTORE -> produce(index, insn, f, 3, 0, false);
            case Opcodes.POP -> f.pop();
            case Opcodes.POP2 -> {
                if (f.topSize() == 1) {
                    f.pop();
                }
                f.pop();
            }
            case Opcodes.DUP -> {
                V a = f.stack.get(f.stack.size() - 1);
                f.push(a, 1);
            }
            case Opcodes.DUP_X1 -> {
                V a = f.pop();
                V b = f.pop();
                f.push(a, 1);
                f.push(b, 1);
                f.push(a, 1);
            }
            case Opcodes.DUP_X2 -> {
                V a = f.pop();
                int bSize = f.topSize();
                V b = f.pop();
                if (bSize == 2) {
                    f.push(a, 1);
                    f.push(b, 2);
                    f.push(a, 1);
                } else {
                    int cSize = f.topSize();
                    V c = f.pop();
                    f.push(a, 1);
                    f.push(c, cSize);
                    f.push(b, 1);
                    f.push(a, 1);
                }
            }
            case Opcodes.DUP2 -> {
                if (f.topSize() == 2) {
                    f.push(f.stack.get(f.stack.size() - 1), 2);
                } else {
                    V a = f.stack.get(f.stack.size() - 1);
                    V b = f.stack.get(f.stack.size() - 2);
                    f.push(b, 1);
                    f.push(a, 1);
                }
            }
            case Opcodes.DUP2_X1 -> {
                if (f.topSize() == 2) {
                    V a = f.pop();
                    V b = f.pop();
                    f.push(a, 2);
                    f.push(b, 1);
                    f.push(a, 2);
                } else {
                    V a = f.pop();
                    V b = f.pop();
                    V c = f.pop();
                    f.push(b, 1);
                    f.push(a, 1);
                    f.push(c, 1);
                    f.push(b, 1);
                    f.push(a, 1);
                }
            }
            case Opcodes.DUP2_X2 -> dup2x2(f);
            case Opcodes.SWAP -> {
                V a = f.pop();
                V b = f.pop();
                f.push(a, 1);
                f.push(b, 1);
            }
            case Opcodes.IADD, Opcodes.FADD, Opcodes.ISUB, Opcodes.FSUB, Opcodes.IMUL, Opcodes.FMUL, Opcodes.IDIV,
                    Opcodes.FDIV, Opcodes.IREM, Opcodes.FREM, Opcodes.ISHL, Opcodes.ISHR, Opcodes.IUSHR, Opcodes.IAND,
                    Opcodes.IOR, Opcodes.IXOR, Opcodes.LCMP, Opcodes.FCMPL, Opcodes.FCMPG, Opcodes.DCMPL,
                    Opcodes.DCMPG -> produce(index, insn, f, 2, 1, false);
            case Opcodes.LADD, Opcodes.DADD, Opcodes.LSUB, Opcodes.DSUB, Opcodes.LMUL, Opcodes.DMUL, Opcodes.LDIV,
                    Opcodes.DDIV, Opcodes.LREM, Opcodes.DREM, Opcodes.LSHL, Opcodes.LSHR, Opcodes.LUSHR, Opcodes.LAND,
                    Opcodes.LOR, Opcodes.LXOR -> produce(index, insn, f, 2, 2, false);
            case Opcodes.INEG, Opcodes.FNEG, Opcodes.L2I, Opcodes.L2F, Opcodes.D2I, Opcodes.D2F, Opcodes.I2F, Opcodes.F2I,
                    Opcodes.I2B, Opcodes.I2C, Opcodes.I2S -> produce(index, insn, f, 1, 1, false);
            case Opcodes.LNEG, Opcodes.DNEG, Opcodes.I2L, Opcodes.I2D, Opcodes.L2D, Opcodes.F2L, Opcodes.F2D,
                    Opcodes.D2L -> produce(index, insn, f, 1, 2, false);
            case Opcodes.IFEQ, Opcodes.IFNE, Opcodes.IFLT, Opcodes.IFGE, Opcodes.IFGT, Opcodes.IFLE, Opcodes.IFNULL,
                    Opcodes.IFNONNULL, Opcodes.TABLESWITCH, Opcodes.LOOKUPSWITCH, Opcodes.IRETURN, Opcodes.LRETURN,
                    Opcodes.FRETURN, Opcodes.DRETURN, Opcodes.ARETURN, Opcodes.ATHROW, Opcodes.MONITORENTER,
                    Opcodes.MONITOREXIT -> produce(index, insn, f, 1, 0, false);
            case Opcodes.IF_ICMPEQ, Opcodes.IF_ICMPNE, Opcodes.IF_ICMPLT, Opcodes.IF_ICMPGE, Opcodes.IF_ICMPGT,
                    Opcodes.IF_ICMPLE, Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE -> produce(index, insn, f, 2, 0, false);
            case Opcodes.GETSTATIC -> {
                Type type = Type.getType(insn.descriptor);
                produce(index, insn, f, 0, type.getSize(), isReference(type));
            }
            case Opcodes.PUTSTATIC -> produce(index, insn, f, 1, 0, false);
            case Opcodes.GETFIELD -> {
                Type type = Type.getType(insn.descriptor);
                produce(index, insn, f, 1, type.getSize(), isReference(type));
            }
            case Opcodes.PUTFIELD -> produce(index, insn, f, 2, 0, false);
            case Opcodes.INVOKEVIRTUAL, Opcodes.INVOKESPECIAL, Opcodes.INVOKESTATIC, Opcodes.INVOKEINTERFACE,
                    Opcodes.INVOKEDYNAMIC -> {
                Type returned = insn.returned();
                produce(index, insn, f, insn.arguments(), returned.getSize(), isReference(returned));
            }
            case Opcodes.NEW -> produce(index, insn, f, 0, 1, true);
            case Opcodes.NEWARRAY, Opcodes.ANEWARRAY -> produce(index, insn, f, 1, 1, true);
            case Opcodes.ARRAYLENGTH, Opcodes.INSTANCEOF -> produce(index, insn, f, 1, 1, false);
            case Opcodes.CHECKCAST -> {
            }
            case Opcodes.MULTIANEWARRAY -> produce(index, insn, f, insn.var, 1, true);
            default -> throw new IllegalStateException("unsupported opcode " + op + " in " + body.name);
        }
    }

    private void dup2x2(Frame<V> f) {
        // The four forms of the JVM specification, by the sizes of the top values.
        int s1 = f.topSize();
        V a = f.pop();
        if (s1 == 2) {
            int s2 = f.topSize();
            V b = f.pop();
            if (s2 == 2) {
                f.push(a, 2);
                f.push(b, 2);
                f.push(a, 2);
            } else {
                V c = f.pop();
                f.push(a, 2);
                f.push(c, 1);
                f.push(b, 1);
                f.push(a, 2);
            }
        } else {
            V b = f.pop();
            int s3 = f.topSize();
            V c = f.pop();
            if (s3 == 2) {
                f.push(b, 1);
                f.push(a, 1);
                f.push(c, 2);
                f.push(b, 1);
                f.push(a, 1);
            } else {
                V d = f.pop();
                f.push(b, 1);
                f.push(a, 1);
                f.push(d, 1);
                f.push(c, 1);
                f.push(b, 1);
                f.push(a, 1);
            }
        }
    }

    private static boolean isReference(Type type) {
        return type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
    }

    private void produce(int index, Insn insn, Frame<V> f, int consumes, int result, boolean reference) {
        V[] consumed = newArray(consumes);
        for (int i = consumes - 1; i >= 0; i--) {
            consumed[i] = f.pop();
        }
        V value = interpreter.execute(index, insn, Arrays.asList(consumed), result, reference);
        if (result > 0) {
            f.push(value, result);
        }
    }

    @SuppressWarnings("unchecked")
    private V[] newArray(int size) {
        return (V[]) new Object[size];
    }
}
