package dev.lox.agent.nested;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.Permissions;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Loads the classes of one jar from memory: the loader of {@link NestedJar#REWRITER}, whose classes
 * (the rewriter, the analysis, Byte Buddy's ASM) load at the first rewrite, at start-up, in
 * interpreted code. The jar's class files are read once, when the loader is made, straight from
 * the entry of the agent jar that holds them: the rewriter needs no copy on disk, so its first
 * rewrite does not go through {@code JarCache} (the cache folder's and the copy's owner checks, the
 * copy's CRC-32, the file system's attribute views: some 40 JDK classes and a file read), and a
 * damaged entry still fails loudly ({@link ZipInputStream} checks every class file's CRC-32).
 *
 * <p>Why not a {@code URLClassLoader}: its way to a class (the URL class path, a {@code Resource},
 * the manifest's package sealing, code signers, permissions looked up through a
 * {@code URLConnection}) cost the first class about 2 ms more and every later one about 60 µs more
 * of CPU (docs/benchmarks.md, the start-up section), some 75 classes at the first rewrite. What it
 * leaves out, the rewriter does not use: it reads no resource of its own jar (this loader finds
 * none: {@code getResource} asks only its parent), its jar is not signed, and it runs without a
 * Security Manager (with one, its classes have no permissions of their own: what needs one fails,
 * is logged, and the class being rewritten loads unchanged). Process and cluster mode keep a
 * {@code URLClassLoader} of an extracted copy: their libraries read resources and their manifests'
 * package versions, and their workers need the jar as a file.
 *
 * <p>A class file is dropped from memory once its class is defined; those never asked for (the
 * {@code check} command's, the parts of ASM the rewriter does not use) stay, a few hundred KB.
 */
final class ClassesOnlyLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    /** Class files not defined yet, by entry name ({@code dev/lox/agent/rewrite/AsmRewriter.class}); guarded by itself. */
    private final Map<String, byte[]> classFiles;
    private final String origin;
    private final ProtectionDomain domain;

    /** The classes of a jar file (the tests' way in). */
    ClassesOnlyLoader(String name, Path jarFile, ClassLoader parent) throws IOException {
        this(name, Files.newInputStream(jarFile), jarFile.toUri().toURL(), jarFile.toString(), parent);
    }

    /**
     * @param jar the jar's bytes, read to the end and closed here
     * @param location the code source of its classes (for the rewriter: the agent jar)
     * @param origin what to name in a message (the agent jar and the nested entry)
     */
    ClassesOnlyLoader(String name, InputStream jar, URL location, String origin, ClassLoader parent) throws IOException {
        super(name, parent);
        this.classFiles = read(jar);
        this.origin = origin;
        this.domain = new ProtectionDomain(new CodeSource(location, (CodeSigner[]) null), new Permissions(), this, null);
    }

    private static Map<String, byte[]> read(InputStream jar) throws IOException {
        Map<String, byte[]> classFiles = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(jar)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (!entry.isDirectory() && entry.getName().endsWith(".class")) {
                    classFiles.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return classFiles;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String entry = name.replace('.', '/').concat(".class");
        byte[] bytes;
        synchronized (classFiles) {
            bytes = classFiles.get(entry);
        }
        if (bytes == null) {
            throw new ClassNotFoundException(name + " (not in " + origin + ")");
        }
        // loadClass holds the class's lock and finds a defined class before it gets here, so each
        // class file is defined at most once; dropped only once defined, so a failed definition is
        // retried and fails the same way.
        Class<?> defined = defineClass(name, bytes, 0, bytes.length, domain);
        synchronized (classFiles) {
            classFiles.remove(entry);
        }
        return defined;
    }
}
