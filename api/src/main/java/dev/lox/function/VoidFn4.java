package dev.lox.function;

import java.io.Serializable;

/**
 * A {@code void} method of four parameters, as lox sees it: a method reference or an
 * explicitly typed lambda given to {@link dev.lox.Lox#of(VoidFn4)}. Its handle's results are
 * {@code null}s.
 *
 * @see Fn4
 */
@FunctionalInterface
public interface VoidFn4<A, B, C, D> extends Serializable {
    /** Calls the method. */
    void run(A a, B b, C c, D d) throws Exception;
}
