package dev.lox.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the {@link Rewriter} and Byte Buddy from the jar nested in the agent jar,
 * {@value #NESTED_JAR}.
 *
 * <p>Why nested: the JVM appends the agent jar to the application class path, and the application
 * class loader indexes every entry of it at start-up, before {@code main}, in interpreted code. Byte
 * Buddy alone is some 3,000 entries; nested, it is one, and its index is built only when a class
 * really needs rewriting.
 *
 * <p>The nested jar is copied to a private temporary file (deleted at exit) and opened by a
 * {@link URLClassLoader} whose parent is the agent's loader, so the rewriter sees the agent's
 * classes and lox-api, and the application sees neither Byte Buddy nor the rewriter. Run from a
 * class folder (the agent module's own tests) there is no nested jar, and the rewriter loads
 * beside this class.
 */
final class RewriterLoader {
    static final String NESTED_JAR = "META-INF/lox/rewriter.jar";
    static final String REWRITER = "dev.lox.agent.instrument.bytebuddy.ByteBuddyRewriter";

    private RewriterLoader() {
    }

    static Rewriter load(AgentLog log) throws ReflectiveOperationException, IOException {
        ClassLoader own = RewriterLoader.class.getClassLoader();
        Path nested = extractNestedJar();
        ClassLoader loader = nested == null ? own
                : new URLClassLoader("lox-rewriter", new URL[] {nested.toUri().toURL()}, own);
        Class<?> rewriter = Class.forName(REWRITER, true, loader);
        return (Rewriter) rewriter.getConstructor(AgentLog.class).newInstance(log);
    }

    /** The nested jar copied to a temporary file, or null when the agent does not run from its jar. */
    private static Path extractNestedJar() throws IOException {
        Path agentJar = agentJar();
        if (agentJar == null) {
            return null;
        }
        try (JarFile jar = new JarFile(agentJar.toFile(), false)) {
            JarEntry entry = jar.getJarEntry(NESTED_JAR);
            if (entry == null) {
                return null;
            }
            // createTempFile makes the file readable and writable by this user only.
            Path copy = Files.createTempFile("lox-rewriter-", ".jar");
            copy.toFile().deleteOnExit();
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        }
    }

    private static Path agentJar() {
        CodeSource source = RewriterLoader.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path path = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(path) ? path : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
