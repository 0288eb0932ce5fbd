package dev.lox.agent.instrument;

import dev.lox.agent.config.ConfigRule;
import java.util.List;

/**
 * Rewrites one class that passed {@link LoxTransformer}'s pre-filter. The implementation
 * ({@code dev.lox.agent.rewrite.AsmRewriter}, module agent-rewriter) and the ASM it uses live in a
 * jar nested in the agent jar, loaded by {@link RewriterLoader} the first time a class needs
 * rewriting; this interface is how the transformer reaches across that class loader.
 */
public interface Rewriter {
    /**
     * Returns the rewritten class file, or null if the class has nothing to instrument.
     *
     * @param loader the class's defining loader
     * @param className the class's binary name ({@code com.example.Crawler})
     * @param classFile the class file as the JVM read it
     * @param rules the config rules whose class pattern matches this class
     */
    byte[] rewrite(ClassLoader loader, String className, byte[] classFile, List<ConfigRule> rules);
}
