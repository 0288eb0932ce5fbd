package dev.lox.agent.check;

import java.util.StringJoiner;
import net.bytebuddy.jar.asm.Type;

/** How {@code check} writes names of classes, methods and types in its findings, as the agent does. */
final class Names {
    private Names() {
    }

    /** {@code com/example/Outer$Inner} to {@code com.example.Outer$Inner}. */
    static String binary(String internalName) {
        return internalName.replace('/', '.');
    }

    /** {@code com/example/Outer$Inner} to {@code Inner}. */
    static String simple(String internalName) {
        String name = internalName.substring(internalName.lastIndexOf('/') + 1);
        return name.substring(name.lastIndexOf('$') + 1);
    }

    /** A type as Java source writes it, simple names: {@code String}, {@code int[]}, {@code List}. */
    static String simpleType(Type type) {
        if (type.getSort() == Type.ARRAY) {
            return simpleType(type.getElementType()) + "[]".repeat(type.getDimensions());
        }
        if (type.getSort() == Type.OBJECT) {
            return simple(type.getInternalName());
        }
        return type.getClassName();
    }

    /** A type with its package, nested types with a dot: {@code java.util.Map.Entry}, {@code byte[]}. */
    static String sourceType(Type type) {
        return type.getClassName().replace('$', '.');
    }

    /** {@code (Ljava/lang/String;I)V} to {@code (String, int)}, as the agent's messages write parameters. */
    static String parameters(String descriptor) {
        StringJoiner joiner = new StringJoiner(", ", "(", ")");
        for (Type parameter : Type.getArgumentTypes(descriptor)) {
            joiner.add(simpleType(parameter));
        }
        return joiner.toString();
    }

    /**
     * The parameter list as a config rule must write it: {@code java.lang} types bare, others with
     * their package (a bare {@code List} would mean {@code java.lang.List}), nested types with a dot.
     */
    static String ruleParameters(String descriptor) {
        StringJoiner joiner = new StringJoiner(", ", "(", ")");
        for (Type parameter : Type.getArgumentTypes(descriptor)) {
            String name = sourceType(parameter);
            if (name.startsWith("java.lang.") && name.indexOf('.', "java.lang.".length()) < 0) {
                name = name.substring("java.lang.".length());
            }
            joiner.add(name);
        }
        return joiner.toString();
    }
}
