package dev.lox.agent.rewrite;

import dev.lox.agent.config.ConfigRule;
import dev.lox.agent.instrument.AgentLog;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The carried fields of one class being loaded ({@code @Lox.Carried}, {@code carry Class#FIELD}
 * rules), checked from the class file (a static field whose type is a {@code ThreadLocal}), and the
 * code that hands them to lox-api at the end of the class's static initializer
 * ({@link CarriedInitializer}). A field that cannot be carried is said at class load, as
 * {@code lox.conf:3: ...} for a rule, with the fix; the class is otherwise left as it is.
 */
final class CarriedFieldRewrite {
    private static final String CARRIED = "Ldev/lox/Lox$Carried;";
    private static final String THREAD_LOCAL = "java/lang/ThreadLocal";

    /** Field name to what marked it, in declaration order. */
    private final Map<String, String> fields;

    private CarriedFieldRewrite(Map<String, String> fields) {
        this.fields = fields;
    }

    /** A field as the class file declares it. */
    private record Field(int access, String name, String descriptor, boolean carried) {
        boolean isStatic() {
            return (access & Opcodes.ACC_STATIC) != 0;
        }
    }

    /** The class file's fields, and whether it has a static initializer. */
    private static final class Fields extends ClassVisitor {
        final List<Field> fields = new ArrayList<>();
        boolean typeInitializer;

        Fields() {
            super(Opcodes.ASM9);
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            return new FieldVisitor(Opcodes.ASM9) {
                private boolean carried;

                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    carried |= annotation.equals(CARRIED);
                    return null;
                }

                @Override
                public void visitEnd() {
                    fields.add(new Field(access, name, descriptor, carried));
                }
            };
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            typeInitializer |= name.equals("<clinit>");
            return null;
        }
    }

    /**
     * Finds and checks the carried fields of a class.
     *
     * @param className its binary name
     * @param loader its loader, which finds the class files of its fields' types
     * @param rules the rules matching its class
     */
    static CarriedFieldRewrite of(String className, byte[] classFile, ClassLoader loader, List<ConfigRule> rules, AgentLog log) {
        Fields read = new Fields();
        new ClassReader(classFile).accept(read, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        Map<String, String> found = new LinkedHashMap<>();
        for (Field field : read.fields) {
            if (field.carried() && check(className, field, loader, "@Lox.Carried on " + className + "#" + field.name(), log)) {
                found.put(field.name(), "@Lox.Carried");
            }
        }
        for (ConfigRule rule : rules) {
            if (rule.kind() != ConfigRule.Kind.CARRY) {
                continue;
            }
            String name = rule.pattern().methodGlob();
            Field field = field(read.fields, name);
            String what = rule.origin() + ": carry " + rule.pattern();
            if (field == null) {
                List<String> names = new ArrayList<>();
                for (Field f : read.fields) {
                    names.add(f.name());
                }
                List<String> close = rule.pattern().closeNames(names);
                log.warnOnce(what + ": " + className + " has no field " + name
                        + (close.isEmpty() ? "" : "; close: " + String.join(", ", close)));
            } else if (check(className, field, loader, what, log) && !found.containsKey(name)) {
                found.put(name, rule.origin());
            }
        }
        if (!found.isEmpty() && !read.typeInitializer) {
            for (Map.Entry<String, String> e : found.entrySet()) {
                log.warnOnce(e.getValue() + ": " + className + "#" + e.getKey() + " is never initialized (the class has no"
                        + " static initializer), so there is nothing to carry: initialize it in its declaration, as in"
                        + " static final ThreadLocal<...> " + e.getKey() + " = new ThreadLocal<>()");
            }
            found.clear();
        }
        return new CarriedFieldRewrite(found);
    }

    private static Field field(List<Field> fields, String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** Whether the field can be carried: static, of a ThreadLocal type; says why not, once, otherwise. */
    private static boolean check(String className, Field field, ClassLoader loader, String what, AgentLog log) {
        if (field.isStatic() && isThreadLocal(field.descriptor(), loader)) {
            return true;
        }
        log.warnOnce(what + ": " + className + "#" + field.name() + " is " + (field.isStatic() ? "a static " : "an instance ")
                + "field of type " + typeName(field.descriptor()) + ", not a static ThreadLocal, so it is not carried: lox carries static"
                + " ThreadLocal fields (static final ThreadLocal<...> " + field.name() + " = new ThreadLocal<>())");
        return false;
    }

    /** As {@code Class.getName()}: {@code java.lang.String}, {@code int}, {@code [Ljava.lang.String;}. */
    private static String typeName(String descriptor) {
        return descriptor.startsWith("[") ? descriptor.replace('/', '.') : Type.getType(descriptor).getClassName();
    }

    /**
     * Whether a field type is {@code ThreadLocal} or a subclass, by its superclasses' class files as
     * its loader finds them (none is loaded). A class file the loader cannot find: not a ThreadLocal
     * lox can tell.
     */
    private static boolean isThreadLocal(String descriptor, ClassLoader loader) {
        if (!descriptor.startsWith("L")) {
            return false;
        }
        String name = descriptor.substring(1, descriptor.length() - 1);
        for (int depth = 0; name != null && depth < 64; depth++) {
            if (name.equals(THREAD_LOCAL)) {
                return true;
            }
            if (name.equals("java/lang/Object")) {
                return false;
            }
            try (InputStream in = loader.getResourceAsStream(name + ".class")) {
                if (in == null) {
                    return false;
                }
                name = new ClassReader(in.readAllBytes()).getSuperName();
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    /** Whether the class has fields to carry, and so its static initializer gains the code. */
    boolean any() {
        return !fields.isEmpty();
    }

    /** The static initializer's visitor, ending with the hand-over; says, under verbose, what is carried. */
    MethodVisitor apply(MethodVisitor initializer, boolean frames, String internalName, AgentLog log, String className) {
        for (Map.Entry<String, String> e : fields.entrySet()) {
            log.verbose("carrying " + className + "#" + e.getKey() + " into scattered calls (" + e.getValue() + ")");
        }
        return new CarriedInitializer(initializer, frames, internalName, String.join(",", fields.keySet()),
                String.join(",", fields.values()));
    }
}
