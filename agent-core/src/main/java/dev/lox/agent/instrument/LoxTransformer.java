package dev.lox.agent.instrument;

import dev.lox.agent.config.ConfigRule;
import dev.lox.internal.ParallelMethods;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The agent's one class file transformer. Every class the JVM loads passes through here, so the
 * common case must be cheap: a class that mentions no lox annotation and matches no config rule's
 * class pattern is returned unchanged after a byte search, and the rewriter is never loaded for it.
 * Only a class that passes goes to the {@link Rewriter}, which {@link RewriterLoader} loads, with
 * the ASM it uses, the first time.
 *
 * <p>Skipped without a look: lox's own classes, classes of the bootstrap and platform loaders (the
 * JDK), and classes whose loader cannot see the same {@code dev.lox.internal} the agent declares
 * methods in (their rewritten code would call another copy, or nothing).
 *
 * <p>Never throws: the JVM would drop the exception silently, so failures are logged as
 * {@code lox: ...} and the class loads unchanged.
 */
public final class LoxTransformer implements ClassFileTransformer {
    private static final String[] LOX_PACKAGES = {
        "dev/lox/agent/", "dev/lox/internal/", "dev/lox/worker/", "dev/lox/shaded/",
        "dev/lox/spi/", "dev/lox/function/", "dev/lox/lock/", "dev/lox/queue/",
    };

    private final List<ConfigRule> rules;
    private final AgentLog log;
    private final ClassLoader platformLoader = ClassLoader.getPlatformClassLoader();
    private final Map<ClassLoader, Boolean> seesLox = new WeakHashMap<>();
    private volatile Rewriter rewriter;
    private volatile boolean rewriterFailed;

    public LoxTransformer(List<ConfigRule> rules, AgentLog log) {
        this.rules = List.copyOf(rules);
        this.log = log;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classFile) {
        // lox rewrites classes as they load; a redefinition or retransformation keeps what it had.
        if (className == null || classBeingRedefined != null || isLoxClass(className)) {
            return null;
        }
        try {
            if (loader == null || loader == platformLoader) {
                if (log.isVerbose() && !rulesFor(className).isEmpty()) {
                    log.verbose("skipped " + className.replace('/', '.') + ": lox does not instrument the JDK's classes"
                            + " (bootstrap or platform class loader)");
                }
                return null;
            }
            List<ConfigRule> matching = rulesFor(className);
            boolean annotated = ClassBytes.mentionsLoxAnnotation(classFile);
            if (!annotated && matching.isEmpty()) {
                return null;
            }
            if (!seesLox(loader, className)) {
                return null;
            }
            Rewriter r = rewriter();
            return r == null ? null : r.rewrite(loader, className.replace('/', '.'), classFile, matching);
        } catch (Throwable t) {
            log.failure("could not instrument " + className.replace('/', '.') + ", so it runs unchanged", t);
            return null;
        }
    }

    /** Whether a class is lox's own, which the agent never instruments (nor does {@code check} look at it). */
    public static boolean isLoxClass(String internalName) {
        if (!internalName.startsWith("dev/lox/")) {
            return false;
        }
        if (internalName.indexOf('/', "dev/lox/".length()) < 0) {
            return true; // the public API: dev.lox.Lox, dev.lox.Handle1, ...
        }
        for (String p : LOX_PACKAGES) {
            if (internalName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private List<ConfigRule> rulesFor(String internalName) {
        if (rules.isEmpty()) {
            return List.of();
        }
        String binaryName = internalName.replace('/', '.');
        List<ConfigRule> matching = null;
        for (ConfigRule rule : rules) {
            if (rule.pattern().matchesClass(binaryName)) {
                if (matching == null) {
                    matching = new ArrayList<>();
                }
                matching.add(rule);
            }
        }
        return matching == null ? List.of() : matching;
    }

    /** Whether the code inlined into this loader's classes would reach the agent's own ParallelMethods. */
    private boolean seesLox(ClassLoader loader, String className) {
        Boolean known;
        synchronized (seesLox) {
            known = seesLox.get(loader);
        }
        if (known != null) {
            return known;
        }
        Class<?> found;
        try {
            found = Class.forName(ParallelMethods.class.getName(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            found = null;
        }
        boolean sees = found == ParallelMethods.class;
        synchronized (seesLox) {
            seesLox.put(loader, sees);
        }
        if (!sees) {
            log.warn("classes of " + loader + " are left unchanged, starting with " + className.replace('/', '.')
                    + (found == null ? ": that class loader cannot see lox's classes (dev.lox.internal)"
                    : ": that class loader has its own copy of lox; let it use the one of the agent (the application class path)"));
        }
        return sees;
    }

    /** Whether the rewriter has been loaded: only once a class really needed rewriting. */
    boolean hasRewriter() {
        return rewriter != null;
    }

    /** The rewriter, loaded on first use; null, said once, if it cannot be loaded. */
    private Rewriter rewriter() {
        Rewriter r = rewriter;
        if (r == null && !rewriterFailed) {
            synchronized (this) {
                r = rewriter;
                if (r == null && !rewriterFailed) {
                    try {
                        r = RewriterLoader.load(log, rules);
                        rewriter = r;
                    } catch (Throwable t) {
                        rewriterFailed = true;
                        log.failure("cannot load lox's class rewriter, so no class is instrumented", t);
                    }
                }
            }
        }
        return r;
    }
}
