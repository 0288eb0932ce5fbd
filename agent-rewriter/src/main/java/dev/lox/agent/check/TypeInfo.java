package dev.lox.agent.check;

import java.util.ArrayList;
import dev.lox.agent.plan.ClassFacts;
import dev.lox.agent.plan.MethodFacts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * What {@code check} knows of a class without its code: its supertypes, fields, and methods with
 * their lox annotations ({@link MethodFacts}). Read from the class file ({@link #read}); the class is never loaded.
 */
final class TypeInfo {
    static final int ASM = Opcodes.ASM9;

    final String name;
    final String superName;
    final List<String> interfaces;
    final int access;
    /** Whether the class is on the checked class path (else it is the JDK's). */
    final boolean onClassPath;
    final List<MethodInfo> methods = new ArrayList<>();
    final List<FieldInfo> fields = new ArrayList<>();
    private Map<String, MethodInfo> byNameAndDescriptor;
    /** Whether the type is annotated {@code @FunctionalInterface}. */
    boolean functionalInterface;

    private TypeInfo(String name, String superName, List<String> interfaces, int access, boolean onClassPath) {
        this.name = name;
        this.superName = superName;
        this.interfaces = interfaces;
        this.access = access;
        this.onClassPath = onClassPath;
    }

    /** A method of the class, with what its lox annotations ask for. */
    static final class MethodInfo {
        final TypeInfo owner;
        final String name;
        final String descriptor;
        final String signature;
        final int access;
        /** Its lox annotations, as the agent reads them; null for a JDK class's method. */
        MethodFacts facts;

        MethodInfo(TypeInfo owner, String name, String descriptor, String signature, int access) {
            this.owner = owner;
            this.name = name;
            this.descriptor = descriptor;
            this.signature = signature;
            this.access = access;
        }

        boolean isStatic() {
            return (access & Opcodes.ACC_STATIC) != 0;
        }

        boolean isAbstract() {
            return (access & Opcodes.ACC_ABSTRACT) != 0;
        }

        boolean isNative() {
            return (access & Opcodes.ACC_NATIVE) != 0;
        }

        /** A method a rule or annotation can mark: not a constructor, static initializer, bridge or synthetic method. */
        boolean isUserMethod() {
            return name.charAt(0) != '<' && (access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) == 0;
        }

        boolean hasLoxAnnotation() {
            return facts != null && (!facts.parallel().isEmpty() || facts.gather());
        }

        /** The method as {@code MethodKey}: its class, name and descriptor. */
        MethodKey key() {
            return new MethodKey(owner.name, name, descriptor);
        }

        @Override
        public String toString() {
            return key().toString();
        }
    }

    /** A field of the class. */
    record FieldInfo(String name, String descriptor, String signature, int access) {
        boolean isStatic() {
            return (access & Opcodes.ACC_STATIC) != 0;
        }

        boolean isTransient() {
            return (access & Opcodes.ACC_TRANSIENT) != 0;
        }
    }

    boolean isInterface() {
        return (access & Opcodes.ACC_INTERFACE) != 0;
    }

    boolean isAbstract() {
        return (access & Opcodes.ACC_ABSTRACT) != 0;
    }

    MethodInfo method(String methodName, String methodDescriptor) {
        if (byNameAndDescriptor == null) {
            // Asked for every call the checker follows: a map once, not a scan each time.
            byNameAndDescriptor = new HashMap<>();
            for (MethodInfo m : methods) {
                byNameAndDescriptor.put(m.name + m.descriptor, m);
            }
        }
        return byNameAndDescriptor.get(methodName + methodDescriptor);
    }

    /** Whether the class declares a constructor without parameters, of any visibility (Kryo reaches private ones). */
    boolean hasNoArgConstructor() {
        return method("<init>", "()V") != null;
    }

    /**
     * Reads a class file's declarations; its code is skipped. A class path class's methods get their
     * lox annotations from {@link ClassFacts}, the agent's own reader.
     */
    static TypeInfo read(byte[] classFile, boolean onClassPath) {
        TypeInfo type = declarations(classFile, onClassPath);
        if (onClassPath) {
            ClassFacts facts = ClassFacts.read(classFile);
            for (MethodInfo method : type.methods) {
                method.facts = facts.method(method.name, method.descriptor);
            }
        }
        return type;
    }

    private static TypeInfo declarations(byte[] classFile, boolean onClassPath) {
        TypeInfo[] result = new TypeInfo[1];
        new ClassReader(classFile).accept(new ClassVisitor(ASM) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                result[0] = new TypeInfo(name, superName, interfaces == null ? List.of() : List.of(interfaces), access, onClassPath);
            }

            @Override
            public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                if (descriptor.equals("Ljava/lang/FunctionalInterface;")) {
                    result[0].functionalInterface = true;
                }
                return null;
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                result[0].fields.add(new FieldInfo(name, descriptor, signature, access));
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                result[0].methods.add(new MethodInfo(result[0], name, descriptor, signature, access));
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return result[0];
    }
}
