package dev.lox.function;

import java.io.Serializable;

/**
 * A {@code void} method of three parameters, as lox sees it: a method reference or an
 * explicitly typed lambda given to {@link dev.lox.Lox#of(VoidFn3)}. Its handle's results are
 * {@code null}s.
 *
 * @see Fn3
 */
@FunctionalInterface
public interface VoidFn3<A, B, C> extends Serializable {
    /** Calls the method. */
    void run(A a, B b, C c) throws Exception;
}
