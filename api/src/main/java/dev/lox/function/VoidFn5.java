package dev.lox.function;

import java.io.Serializable;

/**
 * A {@code void} method of five parameters, as lox sees it: a method reference or an
 * explicitly typed lambda given to {@link dev.lox.Lox#of(VoidFn5)}. Its handle's results are
 * {@code null}s.
 *
 * @see Fn5
 */
@FunctionalInterface
public interface VoidFn5<A, B, C, D, E> extends Serializable {
    /** Calls the method. */
    void run(A a, B b, C c, D d, E e) throws Exception;
}
