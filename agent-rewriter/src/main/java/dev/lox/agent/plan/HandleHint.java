package dev.lox.agent.plan;

import java.util.StringJoiner;
import net.bytebuddy.jar.asm.Type;

/**
 * How a message tells the user to scatter a method through a handle: {@code Lox.of(Images::render)}
 * or {@code Lox.of(crawler::fetch)}; for an overloaded method, where that is ambiguous between
 * {@code of(FnN)} and {@code of(VoidFnN)}, the cast that compiles. One wording for the agent and
 * for {@code check}.
 */
public final class HandleHint {
    private HandleHint() {
    }

    /**
     * @param owner the method's class, as a binary name ({@code com.example.Images$Tiles})
     * @param descriptor the method's descriptor
     * @param overloaded whether the class declares other methods of that name
     */
    public static String of(String owner, String name, String descriptor, boolean isStatic, boolean overloaded) {
        String simple = MethodFacts.simpleName(owner);
        String receiver = isStatic ? simple
                : Character.isJavaIdentifierStart(simple.charAt(0)) ? Character.toLowerCase(simple.charAt(0)) + simple.substring(1)
                : "receiver"; // an anonymous class: Outer$1
        String reference = receiver + "::" + name;
        Type[] parameters = Type.getArgumentTypes(descriptor);
        if (!overloaded || parameters.length > 6) {
            return "Lox.of(" + reference + ")";
        }
        Type result = Type.getReturnType(descriptor);
        boolean isVoid = result.getSort() == Type.VOID;
        StringJoiner types = new StringJoiner(", ", "<", ">");
        for (Type parameter : parameters) {
            types.add(boxed(parameter));
        }
        if (!isVoid) {
            types.add(boxed(result));
        }
        String fn = (isVoid ? "VoidFn" : "Fn") + parameters.length;
        return "Lox.of((" + fn + (types.length() > 2 ? types : "") + ") " + reference + ") (dev.lox.function." + fn
                + "; the cast picks this overload)";
    }

    private static String boxed(Type type) {
        switch (type.getSort()) {
            case Type.BOOLEAN: return "Boolean";
            case Type.CHAR: return "Character";
            case Type.BYTE: return "Byte";
            case Type.SHORT: return "Short";
            case Type.INT: return "Integer";
            case Type.FLOAT: return "Float";
            case Type.LONG: return "Long";
            case Type.DOUBLE: return "Double";
            default: return MethodFacts.simpleName(type.getClassName());
        }
    }
}
