/**
 * The parts of lox-agent.jar kept off the application class path: Byte Buddy with the rewriter, and
 * process mode's runtime (Chronicle Queue, Kryo, the worker launcher), each nested as one jar entry
 * under {@code META-INF/lox/}, and {@link dev.lox.agent.nested.NestedJar}, the one way they are
 * opened.
 *
 * <p>Why: the JVM appends the agent jar to the application class path, and the application class
 * loader indexes every entry of it before {@code main}. An application that never rewrites a class
 * or never uses process mode should not pay for the thousands of classes those need.
 */
package dev.lox.agent.nested;
