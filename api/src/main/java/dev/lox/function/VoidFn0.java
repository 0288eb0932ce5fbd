package dev.lox.function;

import java.io.Serializable;

/**
 * A {@code void} method of no parameters, as lox sees it: a method reference or an
 * explicitly typed lambda given to {@link dev.lox.Lox#of(VoidFn0)}. Its handle's results are
 * {@code null}s.
 *
 * @see Fn0
 */
@FunctionalInterface
public interface VoidFn0 extends Serializable {
    /** Calls the method. */
    void run() throws Exception;
}
