package dev.lox.agent.plan;

import dev.lox.internal.PoolSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * A class's methods and their lox annotations, read from its class file without loading it (the
 * class being rewritten, or a callee's class not loaded yet). What the annotations mean is
 * {@code dev.lox.internal.AnnotationMarks}'s rule, shared with {@code Lox.of}.
 */
public record ClassFacts(String className, List<MethodFacts> methods) {
    private static final String THREAD = "Ldev/lox/Lox$Thread;";
    private static final String PROCESS = "Ldev/lox/Lox$Process;";
    private static final String VIRTUAL = "Ldev/lox/Lox$Virtual;";
    private static final String CLUSTER = "Ldev/lox/Lox$Cluster;";
    private static final String GATHER = "Ldev/lox/Lox$Gather;";

    public ClassFacts {
        methods = List.copyOf(methods);
    }

    /** The method of this name and descriptor, or null. */
    public MethodFacts method(String name, String descriptor) {
        for (MethodFacts method : methods) {
            if (method.name().equals(name) && method.descriptor().equals(descriptor)) {
                return method;
            }
        }
        return null;
    }

    /** A class file's facts alone: its code is skipped (a callee's class file, read without loading it). */
    public static ClassFacts read(byte[] classFile) {
        Reader reader = new Reader(null);
        new ClassReader(classFile).accept(reader, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new ClassFacts(reader.className, reader.methods);
    }

    /**
     * A class file's facts, in the same pass that feeds {@code next} every visit (the class being
     * planned: the analysis's model reads its code from the same pass, so the class file is parsed
     * once for both).
     */
    public static ClassFacts read(ClassReader classFile, ClassVisitor next, int parsingOptions) {
        Reader reader = new Reader(next);
        classFile.accept(reader, parsingOptions);
        return new ClassFacts(reader.className, reader.methods);
    }

    private static final class Reader extends ClassVisitor {
        String className;
        final List<MethodFacts> methods = new ArrayList<>();

        /** @param next the visitor every visit also goes to, or null */
        Reader(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            className = name.replace('/', '.');
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            Map<PoolSpec.Kind, Integer> parallel = new EnumMap<>(PoolSpec.Kind.class);
            List<String> accept = new ArrayList<>();
            boolean[] gather = new boolean[1];
            String[] callTimeout = {""};
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            // Its annotations are read here and not passed on; its code goes on to next.
            return new MethodVisitor(Opcodes.ASM9, next) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    switch (annotation) {
                        case THREAD:
                            parallel.put(PoolSpec.Kind.THREAD, PoolSpec.DEFAULT_THREADS);
                            return value(parallel, PoolSpec.Kind.THREAD, null);
                        case VIRTUAL:
                            parallel.put(PoolSpec.Kind.VIRTUAL, PoolSpec.UNBOUNDED);
                            return value(parallel, PoolSpec.Kind.VIRTUAL, null);
                        case PROCESS:
                            parallel.put(PoolSpec.Kind.PROCESS, dev.lox.Lox.Process.AVAILABLE_PROCESSORS);
                            return value(parallel, PoolSpec.Kind.PROCESS, callTimeout);
                        case CLUSTER:
                            parallel.put(PoolSpec.Kind.CLUSTER, PoolSpec.DEFAULT_CLUSTER_CALLS);
                            return value(parallel, PoolSpec.Kind.CLUSTER, callTimeout);
                        case GATHER:
                            gather[0] = true;
                            return new AnnotationVisitor(Opcodes.ASM9) {
                                @Override
                                public AnnotationVisitor visitArray(String element) {
                                    if (!element.equals("accept")) {
                                        return null;
                                    }
                                    return new AnnotationVisitor(Opcodes.ASM9) {
                                        @Override
                                        public void visit(String unnamed, Object value) {
                                            accept.add(String.valueOf(value));
                                        }
                                    };
                                }
                            };
                        default:
                            return null;
                    }
                }

                @Override
                public void visitEnd() {
                    methods.add(new MethodFacts(className, access, name, descriptor, parallel, callTimeout[0], gather[0], accept));
                    super.visitEnd();
                }
            };
        }

        /** @param callTimeout where {@code @Lox.Process}'s or {@code @Lox.Cluster}'s {@code callTimeout} goes; null for the other annotations */
        private static AnnotationVisitor value(Map<PoolSpec.Kind, Integer> parallel, PoolSpec.Kind kind, String[] callTimeout) {
            return new AnnotationVisitor(Opcodes.ASM9) {
                @Override
                public void visit(String element, Object value) {
                    if (element.equals("value") && value instanceof Integer size) {
                        parallel.put(kind, size);
                    } else if (callTimeout != null && element.equals("callTimeout") && value instanceof String text) {
                        callTimeout[0] = text;
                    }
                }
            };
        }
    }
}
