package dev.lox.agent.instrument;

import dev.lox.agent.nested.NestedJar;
import dev.lox.agent.config.ConfigRule;
import java.io.IOException;
import java.util.List;

/**
 * Loads the {@link Rewriter} and the ASM it uses from the jar nested in the agent jar,
 * {@link NestedJar#REWRITER}.
 *
 * <p>Why nested: the JVM appends the agent jar to the application class path, and the application
 * class loader indexes every entry of it at start-up, before {@code main}, in interpreted code. Byte
 * Buddy alone is some 3,000 entries; nested, it is one, and its index is built only when a class
 * really needs rewriting. The nested loader's parent is the agent's loader, so the rewriter sees the
 * agent's classes and lox-api, and the application sees neither ASM nor the rewriter.
 */
final class RewriterLoader {
    static final String REWRITER = "dev.lox.agent.rewrite.AsmRewriter";

    private RewriterLoader() {
    }

    /** @param rules every rule of the config file (the rewriter asks about callees in other classes) */
    static Rewriter load(AgentLog log, List<ConfigRule> rules) throws ReflectiveOperationException, IOException {
        Class<?> rewriter = Class.forName(REWRITER, true, NestedJar.REWRITER.loader());
        return (Rewriter) rewriter.getConstructor(AgentLog.class, List.class).newInstance(log, rules);
    }
}
