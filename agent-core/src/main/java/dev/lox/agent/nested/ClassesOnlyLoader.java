package dev.lox.agent.nested;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.Permissions;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Loads the classes of one jar from memory: the loader of {@link NestedJar#REWRITER}, whose classes
 * (the rewriter, the analysis, Byte Buddy's ASM) load at the first rewrite, at start-up, in
 * interpreted code. The jar is read once, when the loader is made, straight from the entry of the
 * agent jar that holds it, which the build stores uncompressed so that this read is a copy, not an
 * inflation (agent/pom.xml): the rewriter needs no copy on disk, so its first rewrite does not go
 * through {@code JarCache} (the cache folder's and the copy's owner checks, the copy's CRC-32, the
 * file system's attribute views: some 40 JDK classes and a file read).
 *
 * <p>Only the jar's central directory is read when the loader is made; a class file is inflated
 * when its class is asked for, and its CRC-32 checked then, so a damaged class file fails loudly
 * (a {@link ClassFormatError} naming it) and is never defined. Why not inflate every entry up front
 * with a {@code ZipInputStream}: the first rewrite uses about half of the jar's classes (75 of
 * 143), and inflating the whole jar through that stream, interpreted, cost about twice the time of
 * reading the central directory and inflating only those (docs/benchmarks.md, "The rewriter
 * jar's loader inflates on demand"). A damaged central directory, or an entry stored in a way this loader cannot read
 * (neither stored nor deflated, zip64), still fails when the loader is made.
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
 * <p>The jar's bytes (the rewriter's: some 330 KB, compressed) stay in memory with the loader.
 */
final class ClassesOnlyLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private static final int END_HEADER = 0x06054b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int END_HEADER_SIZE = 22;
    private static final int CENTRAL_HEADER_SIZE = 46;
    private static final int LOCAL_HEADER_SIZE = 30;
    private static final int STORED = 0;
    private static final int DEFLATED = 8;

    /** The whole jar, as read; never written after the constructor. */
    private final byte[] jar;
    /** The class files of the jar, by entry name ({@code dev/lox/agent/rewrite/AsmRewriter.class}); never written after the constructor. */
    private final Map<String, ClassFile> classFiles;
    private final String origin;
    private final ProtectionDomain domain;

    /** Where one class file sits in {@link #jar}, and what its central directory says of it. */
    private record ClassFile(String entry, int method, int crc, int compressedSize, int size, int localHeader) {
    }

    /** The classes of a jar file (the tests' way in). */
    ClassesOnlyLoader(String name, Path jarFile, ClassLoader parent) throws IOException {
        this(name, Files.newInputStream(jarFile), jarFile.toUri().toURL(), jarFile.toString(), parent);
    }

    /**
     * @param jar the jar's bytes, read to the end and closed here
     * @param location the code source of its classes (for the rewriter: the agent jar)
     * @param origin what to name in a message (the agent jar and the nested entry)
     * @throws IOException if the jar cannot be read, or its central directory is damaged
     */
    ClassesOnlyLoader(String name, InputStream jar, URL location, String origin, ClassLoader parent) throws IOException {
        this(name, readAll(jar), location, origin, parent);
    }

    /**
     * @param jar the jar's bytes, kept (not copied)
     * @param location the code source of its classes (for the rewriter: the agent jar)
     * @param origin what to name in a message (the agent jar and the nested entry)
     * @throws IOException if its central directory is damaged
     */
    ClassesOnlyLoader(String name, byte[] jar, URL location, String origin, ClassLoader parent) throws IOException {
        super(name, parent);
        this.jar = jar;
        this.origin = origin;
        this.classFiles = centralDirectory(this.jar, origin);
        this.domain = new ProtectionDomain(new CodeSource(location, (CodeSigner[]) null), new Permissions(), this, null);
    }

    private static byte[] readAll(InputStream jar) throws IOException {
        try (InputStream in = jar) {
            return in.readAllBytes();
        }
    }

    /** The class files the central directory lists, each checked to lie inside the jar. */
    private static Map<String, ClassFile> centralDirectory(byte[] jar, String origin) throws IOException {
        int end = jar.length - END_HEADER_SIZE;
        // The end record is last but for its comment (at most 65,535 bytes).
        int lowest = Math.max(0, end - 0xffff);
        while (end >= lowest && u32(jar, end) != END_HEADER) {
            end--;
        }
        if (end < lowest) {
            throw new ZipException("not a jar (no end of central directory): " + origin);
        }
        int count = u16(jar, end + 10);
        long size = u32(jar, end + 12) & 0xffffffffL;
        long offset = u32(jar, end + 16) & 0xffffffffL;
        if (count == 0xffff || offset == 0xffffffffL) {
            throw new ZipException("zip64 jars are not read by this loader: " + origin);
        }
        if (offset + size > end) {
            throw new ZipException("damaged central directory: " + origin);
        }
        Map<String, ClassFile> classFiles = new HashMap<>(count * 2);
        int at = (int) offset;
        for (int i = 0; i < count; i++) {
            if (at + CENTRAL_HEADER_SIZE > end || u32(jar, at) != CENTRAL_HEADER) {
                throw new ZipException("damaged central directory (entry " + i + " of " + count + "): " + origin);
            }
            int nameLength = u16(jar, at + 28);
            int next = at + CENTRAL_HEADER_SIZE + nameLength + u16(jar, at + 30) + u16(jar, at + 32);
            if (next > end) {
                throw new ZipException("damaged central directory (entry " + i + " of " + count + "): " + origin);
            }
            String entry = new String(jar, at + CENTRAL_HEADER_SIZE, nameLength, StandardCharsets.UTF_8);
            if (entry.endsWith(".class")) {
                ClassFile file = new ClassFile(entry, u16(jar, at + 10), u32(jar, at + 16), u32(jar, at + 20),
                        u32(jar, at + 24), u32(jar, at + 42));
                if (file.method != STORED && file.method != DEFLATED) {
                    throw new ZipException("compression method " + file.method + " is not read by this loader: " + entry + " in " + origin);
                }
                if (file.compressedSize < 0 || file.size < 0 || file.localHeader < 0
                        || (long) file.localHeader + LOCAL_HEADER_SIZE + file.compressedSize > offset) {
                    throw new ZipException("damaged central directory (" + entry + "): " + origin);
                }
                classFiles.put(entry, file);
            }
            at = next;
        }
        return classFiles;
    }

    /**
     * A class of the jar is defined here without asking the parent first; any other class is the
     * parent's. Why: asked first, the parent (the application class loader) looks for each of the
     * jar's classes through the platform and bootstrap loaders and the whole class path, and throws a
     * {@link ClassNotFoundException}, stack trace and all, for each, some 75 classes at the first
     * rewrite, interpreted (docs/benchmarks.md, "The rewriter jar's own classes first"). The jar and
     * the agent jar hold no class in common (integration-tests AgentJarIT checks each jar's prefixes),
     * so this finds the same classes as the parent-first order, but for an application class path that
     * holds a copy of the rewriter's classes: those are not the agent's, and are not used.
     */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        ClassFile file = classFiles.get(entryName(name));
        if (file == null) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                // Under the class's lock, after findLoadedClass: each class file is inflated and
                // defined at most once (a failed one again each time it is asked for).
                loaded = define(name, file);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    /** Reached only for a class the jar does not hold, once the parent has not found it either. */
    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        throw new ClassNotFoundException(name + " (not in " + origin + ")");
    }

    private static String entryName(String className) {
        return className.replace('.', '/').concat(".class");
    }

    private Class<?> define(String name, ClassFile file) {
        byte[] bytes = read(file);
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    /** The class file's bytes, inflated if need be, whose CRC-32 is the central directory's. */
    private byte[] read(ClassFile file) {
        int local = file.localHeader;
        if (u32(jar, local) != LOCAL_HEADER) {
            throw damaged(file, "no local header");
        }
        int data = local + LOCAL_HEADER_SIZE + u16(jar, local + 26) + u16(jar, local + 28);
        if ((long) data + file.compressedSize > jar.length) {
            throw damaged(file, "data past the end of the jar");
        }
        byte[] bytes = new byte[file.size];
        if (file.method == STORED) {
            if (file.compressedSize != file.size) {
                throw damaged(file, "stored sizes differ");
            }
            System.arraycopy(jar, data, bytes, 0, bytes.length);
        } else {
            Inflater inflater = new Inflater(true);
            try {
                // One byte past the data, as ZipFile gives its inflaters: without a zlib header
                // ("nowrap") the inflater may need a byte more to see the stream's end. The byte is
                // the next header's (the central directory always follows), never read as data.
                inflater.setInput(jar, data, Math.min(file.compressedSize + 1, jar.length - data));
                int inflated = inflater.inflate(bytes);
                if (inflated != bytes.length || !inflater.finished()) {
                    throw damaged(file, "inflated to another size than the central directory's");
                }
            } catch (DataFormatException e) {
                throw damaged(file, e.getMessage());
            } finally {
                inflater.end();
            }
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if ((int) crc.getValue() != file.crc) {
            throw damaged(file, "CRC-32 mismatch");
        }
        return bytes;
    }

    private ClassFormatError damaged(ClassFile file, String why) {
        return new ClassFormatError("damaged class file " + file.entry + " in " + origin + ": " + why);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int u32(byte[] b, int at) {
        return u16(b, at) | u16(b, at + 2) << 16;
    }
}
