package dev.lox.agent.nested;

import dev.lox.internal.JarCache;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.PermissionCollection;
import java.security.Permissions;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * A jar nested in the agent jar, opened by its own class loader the first time it is needed.
 *
 * <p>The rewriter's jar is read into memory from the agent jar by a {@link ClassesOnlyLoader}; the
 * others are extracted once per content into this user's cache ({@link JarCache}: an owner-only
 * folder in {@code java.io.tmpdir}, reused by later JVMs) and opened by a {@link URLClassLoader}.
 * Either loader's parent is the loader of the agent jar. That parent is the application class loader (the JVM appends the agent jar to the
 * application class path), so the nested classes see lox-api, the agent and the application's
 * classes, and the application sees none of the nested ones. Run from class folders (the modules'
 * own tests) there is no nested jar, and the classes load beside this one, from the same loader.
 */
public final class NestedJar {
    /** The rewriter, the planner and analysis, and the ASM they use (Byte Buddy's); opened when a class first needs rewriting. */
    public static final NestedJar REWRITER = new NestedJar("META-INF/lox/rewriter.jar", "lox-rewriter", null, true);

    /**
     * Process mode's runtime: the worker launcher's internals, Kryo, Chronicle Queue and their
     * dependencies; opened by the first process pool. Workers get the extracted file on their class
     * path (WorkerCommand puts the jar its classes came from first).
     */
    public static final NestedJar PROCESS = new NestedJar("META-INF/lox/process.jar", "lox-process", null, false);

    /**
     * Cluster mode's runtime: lox-cluster and Hazelcast (relocated), opened by the first cluster
     * pool, by a loader whose parent is {@link #PROCESS}'s, since it sends calls with process mode's
     * codec. Member JVMs get both extracted files on their class path.
     */
    public static final NestedJar CLUSTER = new NestedJar("META-INF/lox/cluster.jar", "lox-cluster", PROCESS, false);

    private final String entry;
    private final String loaderName;
    /** The nested jar whose classes this one's use, or null for the agent's own loader. */
    private final NestedJar parent;
    /** Whether its loader is a {@link ClassesOnlyLoader} (else a {@code URLClassLoader}). */
    private final boolean classesOnly;
    private ClassLoader loader; // guarded by this

    private NestedJar(String entry, String loaderName, NestedJar parent, boolean classesOnly) {
        this.entry = entry;
        this.loaderName = loaderName;
        this.parent = parent;
        this.classesOnly = classesOnly;
    }

    /**
     * The loader of this nested jar, made on the first call (later calls return the same one; the
     * cached copy is looked up at most once per JVM): a loader of the extracted copy, or the agent's own
     * loader when the agent does not run from a jar holding the entry.
     *
     * @throws IOException if the copy cannot be written (the message names the temporary folder)
     */
    public synchronized ClassLoader loader() throws IOException {
        if (loader == null) {
            ClassLoader own = parent == null ? NestedJar.class.getClassLoader() : parent.loader();
            loader = open(own);
        }
        return loader;
    }

    /**
     * The loader of the entry: the rewriter's read into memory from the agent jar, the others' from
     * a copy extracted by {@link JarCache}; {@code own} when the agent does not run from a jar
     * holding the entry.
     */
    private ClassLoader open(ClassLoader own) throws IOException {
        Path agentJar = agentJar();
        if (agentJar == null) {
            return own;
        }
        try (JarFile jar = new JarFile(agentJar.toFile(), false)) {
            JarEntry nested = jar.getJarEntry(entry);
            if (nested == null) {
                return own;
            }
            if (classesOnly) {
                return new ClassesOnlyLoader(loaderName, readStored(jar, nested), agentJar.toUri().toURL(),
                        agentJar + "!/" + entry, own);
            }
            Path copy = JarCache.forThisUser().extract(jar, nested, loaderName);
            return Loader.of(loaderName, copy.toUri().toURL(), own);
        }
    }

    /**
     * The bytes of an entry, read whole at the size the central directory gives: one read of the
     * agent jar for a stored entry (the rewriter jar's 700 KB), where reading to the end of the
     * stream would gather 8 KB buffers and copy them together.
     */
    private static byte[] readStored(JarFile jar, JarEntry nested) throws IOException {
        long size = nested.getSize();
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new IOException(nested.getName() + " in " + jar.getName() + " has no usable size (" + size + ")");
        }
        byte[] bytes = new byte[(int) size];
        try (InputStream in = jar.getInputStream(nested)) {
            int read = in.readNBytes(bytes, 0, bytes.length);
            if (read != bytes.length || in.read() != -1) {
                throw new IOException(nested.getName() + " in " + jar.getName() + " is not " + size + " bytes long, as its entry says");
            }
        }
        return bytes;
    }

    private static Path agentJar() {
        CodeSource source = NestedJar.class.getProtectionDomain().getCodeSource();
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

    /**
     * The loader of an extracted copy: a {@link URLClassLoader} that looks up no permissions for its
     * classes unless a Security Manager is installed (they matter only then). Why: to find them,
     * {@code URLClassLoader} opens a {@code URLConnection} to the jar and makes a {@code FilePermission},
     * which loads the {@code java.security} file: milliseconds, interpreted, when the first pool of
     * its mode opens the jar.
     */
    private static final class Loader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        private Loader(String name, URL jar, ClassLoader parent) {
            super(name, new URL[] {jar}, parent);
        }

        /**
         * Made here, not in {@link NestedJar#open}, and returned as a {@code ClassLoader}: the
         * verifier then has no {@code Loader} to check against {@code open}'s return type, so a JVM
         * that opens only the rewriter jar loads neither this class nor {@code URLClassLoader}
         * (which is not in the JDK's class-data archive).
         */
        static ClassLoader of(String name, URL jar, ClassLoader parent) {
            return new Loader(name, jar, parent);
        }

        @Override
        @SuppressWarnings("removal") // the Security Manager is deprecated for removal; while it exists, it is asked
        protected PermissionCollection getPermissions(CodeSource source) {
            return System.getSecurityManager() == null ? new Permissions() : super.getPermissions(source);
        }
    }

    @Override
    public String toString() {
        return entry;
    }
}
