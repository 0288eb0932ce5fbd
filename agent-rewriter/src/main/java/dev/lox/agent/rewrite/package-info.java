/**
 * The rewriter: {@link dev.lox.agent.rewrite.AsmRewriter} applies a class's plan
 * ({@code dev.lox.agent.plan}) in one pass of ASM, and the other classes here are the code it
 * writes into the application's methods (entry checks, region brackets, call-site requests,
 * carried fields' hand-over), each wrapper's Javadoc giving that code as Java. It is all inlined:
 * what runs later is the application's own class calling lox-api, never a class of this package.
 *
 * <p>Module agent-rewriter, nested in the agent jar as {@code META-INF/lox/rewriter.jar} with the
 * ASM Byte Buddy carries (relocated), and loaded by agent-core's {@code RewriterLoader} the first
 * time a class needs rewriting: an application with nothing to rewrite never opens it.
 */
package dev.lox.agent.rewrite;
