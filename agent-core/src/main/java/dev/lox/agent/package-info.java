/**
 * The agent's entry points: {@link dev.lox.agent.Premain} ({@code -javaagent}), which reads
 * {@link dev.lox.agent.AgentOptions} and the config file once and installs the transformer, and
 * {@link dev.lox.agent.Main} ({@code java -jar lox-agent.jar check|member}).
 *
 * <p>Module agent-core holds what the application class loader loads: the JVM appends the agent
 * jar to the application class path, and this module's classes sit in it outside the nested jars.
 * That is premain and its options; the config file's parser, with {@code config.Hazard} (a rule's
 * {@code accept(...)} names hazards, and a bad name must stop the JVM in premain); the
 * transformer's pre-filter with the {@code Rewriter} interface it calls through
 * ({@code dev.lox.agent.instrument}); and {@code dev.lox.agent.nested.NestedJar}, the one way the
 * nested jars are opened.
 *
 * <p>The line is where {@code RewriterLoader} draws it: it opens the nested rewriter jar with a
 * loader whose parent is this one, and loads the rewriter there by name. So what the rewriter uses
 * of the agent ({@code ConfigRule}, {@code AgentLog}, {@code ClassBytes}, {@code Rewriter}) must be
 * here, where both loaders find the one copy, and nothing here may name a class of the rewriter but
 * as a string: module agent-rewriter depends on this one, never the other way, so the compiler
 * refuses such a reference. {@code Main} belongs here for the same reason: {@code java -jar}
 * starts it on the application class loader, and it opens the nested rewriter jar for
 * {@code check} (and the cluster jar for {@code member}) before any class of theirs can load.
 */
package dev.lox.agent;
