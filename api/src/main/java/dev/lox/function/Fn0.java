package dev.lox.function;

import java.io.Serializable;

/**
 * A method of no parameters that returns a value, as lox sees it: a method reference or an
 * explicitly typed lambda given to {@link dev.lox.Lox#of(Fn0)}.
 *
 * <p>It is {@link Serializable} so that lox can read which method it names (the class, name and
 * signature, and any bound receiver) from the compiler's {@code SerializedLambda}. It declares
 * {@code throws Exception} so that methods with checked exceptions fit without a wrapper.
 */
@FunctionalInterface
public interface Fn0<R> extends Serializable {
    /** Calls the method. */
    R apply() throws Exception;
}
