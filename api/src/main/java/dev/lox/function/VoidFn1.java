package dev.lox.function;

import java.io.Serializable;

/**
 * A {@code void} method of one parameter, as lox sees it: a method reference or an
 * explicitly typed lambda given to {@link dev.lox.Lox#of(VoidFn1)}. Its handle's results are
 * {@code null}s.
 *
 * @see Fn1
 */
@FunctionalInterface
public interface VoidFn1<A> extends Serializable {
    /** Calls the method. */
    void run(A a) throws Exception;
}
