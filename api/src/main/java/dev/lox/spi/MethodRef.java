package dev.lox.spi;

import java.util.Objects;

/**
 * The identity of a Java method, in the form both the JVM and {@code SerializedLambda} use: the
 * declaring class's binary name ({@code com.example.Images}), the method's name and its descriptor
 * ({@code (Lcom/example/Scene;)Ljava/awt/image/BufferedImage;}).
 *
 * <p>A call of the method is the method plus an argument array: for an instance method the
 * receiver comes first; for a lambda's implementation method the captured values come first. This
 * is how a call travels to a worker JVM, which finds the method by these three strings.
 *
 * @param className binary name of the declaring class
 * @param methodName the method's name
 * @param descriptor the JVM method descriptor
 * @param isStatic whether the method is static (no receiver in the argument array)
 */
public record MethodRef(String className, String methodName, String descriptor, boolean isStatic) {

    public MethodRef {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
        Objects.requireNonNull(descriptor, "descriptor");
    }

    /** A short, readable name for messages and thread names: {@code Images.render}. */
    public String displayName() {
        int dot = className.lastIndexOf('.');
        return className.substring(dot + 1) + "." + methodName;
    }

    @Override
    public String toString() {
        return className + "#" + methodName + descriptor;
    }
}
