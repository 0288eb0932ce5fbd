package dev.lox.function;

import java.io.Serializable;

/**
 * A {@code void} method of six parameters, as lox sees it: a method reference or an
 * explicitly typed lambda given to {@link dev.lox.Lox#of(VoidFn6)}. Its handle's results are
 * {@code null}s.
 *
 * @see Fn6
 */
@FunctionalInterface
public interface VoidFn6<A, B, C, D, E, F> extends Serializable {
    /** Calls the method. */
    void run(A a, B b, C c, D d, E e, F f) throws Exception;
}
