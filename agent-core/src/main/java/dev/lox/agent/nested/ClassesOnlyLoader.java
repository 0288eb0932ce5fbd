package dev.lox.agent.nested;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.Permissions;
import java.security.ProtectionDomain;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Loads the classes of one extracted jar straight from its {@link ZipFile}: the loader of
 * {@link NestedJar#REWRITER}, whose classes (the rewriter, the analysis, Byte Buddy's ASM) load at
 * the first rewrite, at start-up, in interpreted code.
 *
 * <p>Why not a {@code URLClassLoader}: its way to a class (the URL class path, a {@code Resource},
 * the manifest's package sealing, code signers, permissions looked up through a
 * {@code URLConnection}) cost the first class about 2 ms more and every later one about 60 µs more
 * of CPU (docs/benchmarks.md, the start-up section), some 75 classes at the first rewrite. What it
 * leaves out, the rewriter does not use: it reads no resource of its own jar (this loader finds
 * none: {@code getResource} asks only its parent), its jar is not signed, and it runs without a
 * Security Manager (with one, its classes have no permissions of their own: what needs one fails,
 * is logged, and the class being rewritten loads unchanged). Process and cluster mode keep a
 * {@code URLClassLoader}: their libraries read resources and their manifests' package versions.
 *
 * <p>The jar stays open as long as the loader lives, as a {@code URLClassLoader}'s does.
 */
final class ClassesOnlyLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final ZipFile jar;
    private final ProtectionDomain domain;

    ClassesOnlyLoader(String name, Path jarFile, ClassLoader parent) throws IOException {
        super(name, parent);
        URL location = jarFile.toUri().toURL();
        this.jar = new ZipFile(jarFile.toFile());
        this.domain = new ProtectionDomain(new CodeSource(location, (CodeSigner[]) null), new Permissions(), this, null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        ZipEntry entry = jar.getEntry(name.replace('.', '/').concat(".class"));
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name + " could not be read from " + jar.getName() + ": " + e, e);
        }
        return defineClass(name, bytes, 0, bytes.length, domain);
    }
}
