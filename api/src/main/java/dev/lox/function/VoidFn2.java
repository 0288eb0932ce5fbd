package dev.lox.function;

import java.io.Serializable;

/**
 * A {@code void} method of two parameters, as lox sees it: a method reference or an
 * explicitly typed lambda given to {@link dev.lox.Lox#of(VoidFn2)}. Its handle's results are
 * {@code null}s.
 *
 * @see Fn2
 */
@FunctionalInterface
public interface VoidFn2<A, B> extends Serializable {
    /** Calls the method. */
    void run(A a, B b) throws Exception;
}
