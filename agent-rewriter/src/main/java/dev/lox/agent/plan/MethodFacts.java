package dev.lox.agent.plan;

import dev.lox.internal.PoolSpec;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * A method as its class file declares it, with its lox annotations as written.
 *
 * @param parallel the parallel annotations on it, by the kind of pool, with their value (the
 *     annotation's default when not written)
 * @param gather whether {@code @Lox.Gather} is on it
 * @param accept {@code @Lox.Gather(accept = ...)}'s names, as written
 */
public record MethodFacts(String owner, int access, String name, String descriptor,
        Map<PoolSpec.Kind, Integer> parallel, String callTimeout, boolean gather, List<String> accept) {
    private static final List<String> FUTURES = List.of(
            "Ljava/util/concurrent/Future;", "Ljava/util/concurrent/CompletableFuture;", "Ljava/util/concurrent/CompletionStage;");

    public MethodFacts {
        parallel = Map.copyOf(parallel);
        accept = List.copyOf(accept);
    }

    public boolean isStatic() {
        return (access & Opcodes.ACC_STATIC) != 0;
    }

    public boolean isAbstract() {
        return (access & Opcodes.ACC_ABSTRACT) != 0;
    }

    public boolean isNative() {
        return (access & Opcodes.ACC_NATIVE) != 0;
    }

    public boolean isSynchronized() {
        return (access & Opcodes.ACC_SYNCHRONIZED) != 0;
    }

    /** Compiler-generated (a bridge, a lambda's body, an enum's $values) or a constructor/initializer. */
    public boolean isGenerated() {
        return (access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) != 0 || name.startsWith("<");
    }

    /** Whether a plain call can be scattered: it returns void or a future. */
    public boolean isScatterable() {
        Type returned = Type.getReturnType(descriptor); // parsed once for both questions
        return returned.getSort() == Type.VOID || FUTURES.contains(returned.getDescriptor());
    }

    public boolean returnsVoid() {
        return Type.getReturnType(descriptor).getSort() == Type.VOID;
    }

    /** {@code com.example.Crawler.fetch(String)}. */
    public String display() {
        return owner + "." + name + parameters();
    }

    /**
     * {@link #display()}: what a message names the method by. So a method can be handed as the
     * "where" of a message that is made only if something is wrong ({@code AnnotationMarks.read}),
     * and its display is not built for each of the thousands of methods a wide rule reads.
     */
    @Override
    public String toString() {
        return display();
    }

    /** {@code Crawler.fetch(String)}. */
    public String shortDisplay() {
        return simpleName(owner) + "." + name + parameters();
    }

    /** {@code (String, List)}: parameter types by simple name. */
    public String parameters() {
        StringJoiner joiner = new StringJoiner(", ", "(", ")");
        for (Type parameter : Type.getArgumentTypes(descriptor)) {
            joiner.add(simpleName(parameter.getClassName()));
        }
        return joiner.toString();
    }

    /**
     * The parameter list as a rule must write it, for close-match suggestions: java.lang types
     * bare, others with their package (a bare {@code List} would mean {@code java.lang.List}),
     * nested types with a dot.
     */
    public String ruleParameters() {
        StringJoiner joiner = new StringJoiner(", ", "(", ")");
        for (Type parameter : Type.getArgumentTypes(descriptor)) {
            Type element = parameter.getSort() == Type.ARRAY ? parameter.getElementType() : parameter;
            int dimensions = parameter.getSort() == Type.ARRAY ? parameter.getDimensions() : 0;
            String name = element.getClassName();
            if (name.startsWith("java.lang.") && name.indexOf('.', "java.lang.".length()) < 0) {
                name = name.substring("java.lang.".length());
            }
            joiner.add(name.replace('$', '.') + "[]".repeat(dimensions));
        }
        return joiner.toString();
    }

    static String simpleName(String name) {
        String simple = name.substring(name.lastIndexOf('.') + 1);
        return simple.substring(simple.lastIndexOf('$') + 1);
    }
}
