package dev.lox.internal;

import dev.lox.spi.MethodRef;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/** Finds reflective methods by the JVM descriptors that {@link MethodRef} carries. */
public final class Descriptors {
    private Descriptors() {
    }

    /** The number of parameters a method descriptor declares: {@code (ILjava/lang/String;[J)V} has 3. */
    static int parameterCount(String descriptor) {
        int count = 0;
        int i = descriptor.indexOf('(') + 1;
        while (i < descriptor.length() && descriptor.charAt(i) != ')') {
            char c = descriptor.charAt(i);
            if (c == '[') {
                i++;
                continue;
            }
            i = c == 'L' ? descriptor.indexOf(';', i) + 1 : i + 1;
            count++;
        }
        return count;
    }

    public static String of(Method method) {
        return MethodType.methodType(method.getReturnType(), method.getParameterTypes()).toMethodDescriptorString();
    }

    /**
     * The method {@code ref} names, or null for a constructor.
     *
     * @throws IllegalArgumentException if the class or method is not there
     */
    public static Method findMethod(MethodRef ref, ClassLoader loader) {
        if (ref.methodName().equals("<init>")) {
            return null;
        }
        return findMethod(ref, findClass(ref, loader));
    }

    /**
     * The class {@code ref} names, as {@code loader} sees it.
     *
     * @throws IllegalArgumentException if the class is not there
     */
    static Class<?> findClass(MethodRef ref, ClassLoader loader) {
        try {
            return Class.forName(ref.className(), false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("class " + ref.className() + " of " + ref + " is not visible from " + loader, e);
        }
    }

    /** As {@link #findMethod(MethodRef, ClassLoader)}, in the class {@code owner} that {@code ref} names. */
    static Method findMethod(MethodRef ref, Class<?> owner) {
        if (ref.methodName().equals("<init>")) {
            return null;
        }
        for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(ref.methodName()) && of(m).equals(ref.descriptor())) {
                    return m;
                }
            }
        }
        for (Method m : owner.getMethods()) { // default methods of interfaces
            if (m.getName().equals(ref.methodName()) && of(m).equals(ref.descriptor())) {
                return m;
            }
        }
        throw new IllegalArgumentException("no method " + ref.methodName() + ref.descriptor() + " in " + ref.className());
    }
}
