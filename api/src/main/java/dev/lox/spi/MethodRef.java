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

    // equals and hashCode written out, not the record's own: those bootstrap through invokedynamic
    // (ObjectMethods, some 50 method handle classes spun), and the agent's first rewrite keys a map
    // with a MethodRef, where every millisecond is the application's start-up.

    @Override
    public boolean equals(Object o) {
        return o instanceof MethodRef m && isStatic == m.isStatic && className.equals(m.className)
                && methodName.equals(m.methodName) && descriptor.equals(m.descriptor);
    }

    @Override
    public int hashCode() {
        return ((className.hashCode() * 31 + methodName.hashCode()) * 31 + descriptor.hashCode()) * 2 + (isStatic ? 1 : 0);
    }

    @Override
    public String toString() {
        return className + "#" + methodName + descriptor;
    }
}
