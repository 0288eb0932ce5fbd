package dev.lox.agent.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The code of the class path's methods, read when first asked for, a class at a time: the calls
 * each method makes, with their lines, and the methods its lambdas and method references name.
 */
final class Bodies {
    private final ClassFiles classFiles;
    private final Map<String, Map<MethodKey, Body>> byClass = new HashMap<>();
    private final Map<String, String> sourceFiles = new HashMap<>();

    Bodies(ClassFiles classFiles) {
        this.classFiles = classFiles;
    }

    /**
     * A call a method makes ({@code opcode} an {@code INVOKE*}), or a method its code names as a
     * lambda body or method reference ({@code INVOKEDYNAMIC}: the named method may run on the
     * calling thread, as in {@code list.forEach(this::fetch)}). {@code callIndex} counts the
     * method's {@code INVOKE*} instructions from 0, as the call-site analysis numbers them; -1 for
     * a reference.
     */
    record Invocation(int opcode, String owner, String name, String descriptor, int line, int callIndex) {
        boolean isReference() {
            return opcode == Opcodes.INVOKEDYNAMIC;
        }

        boolean isVirtual() {
            return opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE;
        }
    }

    /** A method's code, as far as {@code check} needs it. */
    record Body(List<Invocation> invocations, int firstLine) {
    }

    /** The method's body, or null when it has none on the class path (abstract, native, or not there). */
    Body body(MethodKey method) {
        return bodies(method.owner()).get(method);
    }

    /** {@code example/app/Crawler.java:12}, or the class's name when the class file has no source or lines. */
    String location(MethodKey method, int line) {
        bodies(method.owner());
        String file = sourceFiles.get(method.owner());
        if (file == null || line <= 0) {
            return Names.binary(method.owner());
        }
        int slash = method.owner().lastIndexOf('/');
        return (slash < 0 ? "" : method.owner().substring(0, slash + 1)) + file + ":" + line;
    }

    /** Where a method starts: {@code example/app/Crawler.java:12}. */
    String location(MethodKey method) {
        Body body = body(method);
        return location(method, body == null ? -1 : body.firstLine());
    }

    /** A stack-trace frame for a line of a method: {@code example.app.Crawler.fetchAll(Crawler.java:12)}. */
    String frame(MethodKey method, int line) {
        bodies(method.owner());
        String file = sourceFiles.get(method.owner());
        return Names.binary(method.owner()) + "." + method.name() + "("
                + (file == null ? "Unknown Source" : file + (line > 0 ? ":" + line : "")) + ")";
    }

    private Map<MethodKey, Body> bodies(String owner) {
        Map<MethodKey, Body> bodies = byClass.get(owner);
        if (bodies == null) {
            byte[] bytes = classFiles.bytes(owner);
            bodies = bytes == null ? Map.of() : read(owner, bytes);
            byClass.put(owner, bodies);
        }
        return bodies;
    }

    private Map<MethodKey, Body> read(String owner, byte[] classFile) {
        Map<MethodKey, Body> bodies = new HashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(TypeInfo.ASM) {
            @Override
            public void visitSource(String source, String debug) {
                if (source != null) {
                    sourceFiles.put(owner, source);
                }
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                    return null;
                }
                MethodKey key = new MethodKey(owner, name, descriptor);
                List<Invocation> invocations = new ArrayList<>();
                return new MethodVisitor(TypeInfo.ASM) {
                    private int line = -1;
                    private int firstLine = -1;
                    private int calls;

                    @Override
                    public void visitLineNumber(int number, Label start) {
                        line = number;
                        if (firstLine < 0 || number < firstLine) {
                            firstLine = number;
                        }
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String calleeOwner, String calleeName, String calleeDescriptor,
                            boolean isInterface) {
                        invocations.add(new Invocation(opcode, calleeOwner, calleeName, calleeDescriptor, line, calls++));
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap, Object... arguments) {
                        for (Object argument : arguments) {
                            if (argument instanceof Handle) {
                                Handle h = (Handle) argument;
                                if (h.getTag() >= Opcodes.H_INVOKEVIRTUAL) { // a method, not a field getter/setter
                                    invocations.add(new Invocation(Opcodes.INVOKEDYNAMIC, h.getOwner(), h.getName(), h.getDesc(), line, -1));
                                }
                            }
                        }
                    }

                    @Override
                    public void visitEnd() {
                        bodies.put(key, new Body(List.copyOf(invocations), firstLine));
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES);
        return bodies;
    }
}
