package dev.lox.internal;

import dev.lox.spi.MethodRef;
import java.io.Serializable;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Which method a method reference or lambda names, read from the {@link SerializedLambda} the
 * compiler provides for serializable functional interfaces: the implementation method, the values
 * it captured (the bound receiver of {@code obj::m}), and the loader that defined the method's
 * class (a class loaded by two loaders is two classes, with two pools).
 *
 * <p>{@code writeReplace} costs about a microsecond and a half, so the method is kept per lambda
 * class, and the captured values are read again only for lambdas that have some.
 */
public record LambdaMethod(MethodRef method, Object[] captured, ClassLoader loader) {

    private static final Object[] NOTHING_CAPTURED = new Object[0];

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> lambdaClass) {
            return new Shape(lambdaClass);
        }
    };

    /** Resolves {@code fn}, which must be a method reference or a lambda. */
    public static LambdaMethod of(Serializable fn) {
        if (fn == null) {
            throw new IllegalArgumentException("the method cannot be null: pass a method reference such as Images::render");
        }
        Shape shape = SHAPES.get(fn.getClass());
        MethodRef method = shape.method;
        Object[] captured = NOTHING_CAPTURED;
        if (method == null || shape.capturesValues) {
            SerializedLambda lambda = shape.serialize(fn);
            method = methodOf(lambda);
            shape.resolve(method, fn.getClass().getClassLoader());
            captured = new Object[lambda.getCapturedArgCount()];
            for (int i = 0; i < captured.length; i++) {
                captured[i] = lambda.getCapturedArg(i);
            }
        }
        return new LambdaMethod(method, captured, shape.ownerLoader);
    }

    /** The reflective method, or null for a constructor reference. */
    public Method reflect() {
        return Descriptors.findMethod(method, loader);
    }

    /** True for a lambda expression, whose implementation method the compiler made up. */
    public boolean isLambdaExpression() {
        return method.methodName().startsWith("lambda$");
    }

    private static MethodRef methodOf(SerializedLambda lambda) {
        int kind = lambda.getImplMethodKind();
        boolean isStatic = kind == MethodHandleInfo.REF_invokeStatic || kind == MethodHandleInfo.REF_newInvokeSpecial;
        return new MethodRef(lambda.getImplClass().replace('/', '.'), lambda.getImplMethodName(),
                lambda.getImplMethodSignature(), isStatic);
    }

    private static final class Shape {
        private final Method writeReplace;
        private final boolean capturesValues;
        private volatile MethodRef method;
        private volatile ClassLoader ownerLoader;

        Shape(Class<?> lambdaClass) {
            try {
                writeReplace = lambdaClass.getDeclaredMethod("writeReplace");
                writeReplace.setAccessible(true);
            } catch (NoSuchMethodException | RuntimeException e) {
                throw new IllegalArgumentException("lox needs a method reference or a lambda (such as Images::render), "
                        + "but got an instance of " + lambdaClass.getName() + ", which the compiler did not make", e);
            }
            boolean fields = false;
            for (Field field : lambdaClass.getDeclaredFields()) {
                fields |= !Modifier.isStatic(field.getModifiers());
            }
            capturesValues = fields;
        }

        /** Keeps the method and the loader that defined its class, for the next call with this lambda class. */
        void resolve(MethodRef resolved, ClassLoader lambdaLoader) {
            if (method != null) {
                return;
            }
            try {
                ownerLoader = Class.forName(resolved.className(), false, lambdaLoader).getClassLoader();
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException("class " + resolved.className() + " of " + resolved
                        + " is not visible from " + lambdaLoader, e);
            }
            method = resolved; // written last: a reader that sees the method sees the loader
        }

        SerializedLambda serialize(Serializable fn) {
            try {
                return (SerializedLambda) writeReplace.invoke(fn);
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalArgumentException("cannot read which method " + fn.getClass().getName()
                        + " refers to: " + e, e);
            }
        }
    }
}
