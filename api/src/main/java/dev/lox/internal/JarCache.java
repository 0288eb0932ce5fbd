package dev.lox.internal;

import dev.lox.internal.OwnerOnly;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * Where nested jars are extracted: once per content into a per-user folder,
 * {@code ${java.io.tmpdir}/lox-cache-<user>}, and reused by every later JVM of that user. The agent's
 * own nested jars ({@code NestedJar}) and the libraries of an application's fat jar that workers
 * need on their class path (the worker launcher's {@code WorkerClassPath}) are cached here.
 *
 * <p>A cached jar is named {@code <stem>-<CRC-32>-<size>.jar}, both read from the containing jar's
 * central directory, so finding it costs no hashing; a different build gets a different name.
 * Before a cached copy is used its content is checked against that CRC-32 (about 1.3 ms for a 4.7 MB
 * jar once its pages are cached, more on a cold disk): a copy whose bytes were damaged (a bad disk, a
 * stray write by the same user) is replaced by a fresh extraction, and stderr says so. What is
 * written is checked too, as it is copied: a mismatch there means the containing jar itself is
 * damaged, and only then is that jar named as the cause.
 *
 * <p>Why the checks: the application and process mode's workers load code from these jars, so
 * another local user must never be able to plant or change one. The folder must be a real folder
 * (not a link) owned by this user and writable by nobody else (created 0700); a jar in it must be a
 * regular file (not a link) owned by this user, writable by nobody else, of the expected size and CRC-32. New
 * jars are written to a private temporary file in the folder and moved to their name atomically,
 * so a reader never sees half a jar and two JVMs racing both end up with a whole one. When anything
 * is not as it must be, the cache is not trusted: the jar goes to a fresh private temporary file
 * deleted at exit (as before the cache), and stderr says so once per JVM.
 *
 * <p>Why {@code java.io.tmpdir} and not {@code ~/.cache}: it is where lox already writes (queue
 * folders, the fallback), users move it with {@code -Djava.io.tmpdir}, it needs no home folder
 * (containers and service users often have none or a read-only one), and it is cleared at reboot,
 * which bounds the copies older builds leave. Its drawback, that another user may create the folder
 * first, only costs that JVM the cache (the ownership check refuses it). The prefix is
 * {@code lox-cache-}, not {@code lox-<user>}: the worker launcher sweeps {@code lox-<pid>-<start>-*}
 * folders of dead JVMs, and a user name made of digits and dashes must never look like one.
 */
public final class JarCache {
    static final String FOLDER_PREFIX = "lox-cache-";

    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_READ_ONLY = PosixFilePermissions.fromString("r--------");
    /** Temporary files of extractions killed half-way are removed once they are this old. */
    private static final Duration STALE = Duration.ofHours(1);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final Path folder;
    private final Path fallbackFolder;
    private final Consumer<String> warn;

    /**
     * @param folder         the cache folder, created owner-only if missing
     * @param fallbackFolder where an untrusted cache makes the jar go instead (a fresh file each time)
     * @param warn           told, in a {@code lox: ...} line, why the cache was not used, or that a
     *                       damaged copy was replaced
     */
    public JarCache(Path folder, Path fallbackFolder, Consumer<String> warn) {
        this.folder = folder;
        this.fallbackFolder = fallbackFolder;
        this.warn = warn;
    }

    /** The cache of the user this JVM runs as, in {@code java.io.tmpdir}; warns on stderr once per JVM. */
    public static JarCache forThisUser() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        String user;
        try {
            user = OwnerOnly.currentUser(tmp).getName();
        } catch (IOException | RuntimeException e) {
            user = System.getProperty("user.name", "user");
        }
        String safe = safeFileName(user);
        // An anonymous class, not a lambda: this runs at the agent's first rewrite, where a JVM's
        // first lambda costs its start-up milliseconds (LambdaMetafactory).
        return new JarCache(tmp.resolve(FOLDER_PREFIX + (safe.isEmpty() ? "user" : safe)), tmp, new Consumer<String>() {
            @Override
            public void accept(String message) {
                if (WARNED.compareAndSet(false, true)) {
                    System.err.println(message);
                }
            }
        });
    }

    /**
     * The user's name with every character but {@code A-Za-z0-9._-} made {@code _}: only characters
     * safe in a file name; the ownership check, not the name, is what protects. A loop, not a
     * regular expression: this runs at the agent's first rewrite, in interpreted code, where
     * compiling the pattern costs more than the loop.
     */
    static String safeFileName(String user) {
        StringBuilder safe = new StringBuilder(user.length());
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            safe.append(allowed ? c : '_');
        }
        return safe.toString();
    }

    public Path folder() {
        return folder;
    }

    /** The name {@code entry} is cached under: its CRC-32 and size, from the central directory. */
    public static String fileName(String stem, JarEntry entry) {
        return stem + "-" + crcHex(entry.getCrc()) + "-" + entry.getSize() + ".jar";
    }

    /**
     * A CRC-32 as 8 hex digits, as {@code String.format("%08x", crc)} writes it: without the
     * formatter, whose first use (at the agent's first rewrite, interpreted) costs about 2 ms.
     */
    static String crcHex(long crc) {
        String hex = Long.toHexString(crc);
        return "00000000".substring(Math.min(8, hex.length())) + hex;
    }

    /**
     * A file holding the bytes of {@code entry} of {@code jar}: the cached copy when there is a
     * trusted one, else a new cached copy, else (cache not trusted or not writable) a fresh private
     * temporary file deleted at exit.
     *
     * @param stem the start of the file's name, e.g. {@code lox-rewriter}
     * @throws IOException if not even the temporary file can be written (the message names the folder),
     *     or if the entry's bytes do not match the CRC-32 {@code jar} records for it (the message says
     *     that {@code jar} is damaged)
     */
    public Path extract(JarFile jar, JarEntry entry, String stem) throws IOException {
        if (!folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // No POSIX owner and mode to check (Windows): the per-JVM copy, as before the cache.
            return fresh(jar, entry, stem);
        }
        String refused;
        try {
            refused = cached(jar, entry, stem);
        } catch (DamagedJarException e) {
            throw e; // no copy would be better: the source itself is bad
        } catch (IOException | RuntimeException e) {
            refused = "could not use it (" + e + ")";
        }
        if (refused == null) {
            return folder.resolve(fileName(stem, entry));
        }
        warn.accept("lox: not using the jar cache " + folder + ": " + refused + "; extracting " + entry.getName()
                + " to a private temporary file for this JVM instead (deleted at exit). Fix: remove " + folder
                + " (lox recreates it, owner-only) or point -Djava.io.tmpdir at a folder only you can write");
        return fresh(jar, entry, stem);
    }

    /**
     * Makes sure the cached copy exists and can be trusted; null when it can, else why not. Only a
     * missing copy, or one of the wrong size in a trusted folder (our own, from an interrupted or
     * older write), is (re)written; anything else someone else could have arranged is refused.
     */
    private String cached(JarFile jar, JarEntry entry, String stem) throws IOException {
        if (entry.getCrc() < 0 || entry.getSize() < 0) {
            return "the agent jar does not record the CRC and size of " + entry.getName();
        }
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
        } catch (FileAlreadyExistsException e) {
            // made by an earlier JVM (or by someone else: checked next)
        }
        String untrusted = OwnerOnly.problem(folder, true);
        if (untrusted != null) {
            return untrusted;
        }
        Path target = folder.resolve(fileName(stem, entry));
        PosixFileAttributes attrs;
        try {
            attrs = Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            attrs = null;
        }
        if (attrs != null) {
            untrusted = OwnerOnly.problem(target, false);
            if (untrusted != null) {
                return untrusted;
            }
            if (attrs.size() == entry.getSize()) {
                long crc = crc32(target);
                if (crc == entry.getCrc()) {
                    return null;
                }
                // Ours (owner-only, checked above) but damaged: replaced below by a fresh copy.
                write(jar, entry, stem, target);
                warn.accept("lox: the cached copy " + target + " of " + entry.getName() + " was damaged (CRC-32 "
                        + crcHex(crc) + ", expected " + crcHex(entry.getCrc())
                        + "); replaced it with a fresh copy from " + jar.getName());
                return null;
            }
        }
        write(jar, entry, stem, target);
        return null;
    }

    /**
     * The CRC-32 of a file's bytes. Read through a {@code FileInputStream}, whose classes the JVM has
     * loaded before premain: mapping the file instead costs tens of milliseconds of class loading on
     * the first call (measured beside it), and the JDK's CRC-32 of an array is an intrinsic either way.
     */
    public static long crc32(Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 18];
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }

    /** The bytes of {@code entry} did not match the CRC-32 its jar records: the jar itself is damaged. */
    static final class DamagedJarException extends IOException {
        DamagedJarException(JarFile jar, JarEntry entry, long actual) {
            super(entry.getName() + " in " + jar.getName() + " does not match the CRC-32 the jar records for it (read "
                    + crcHex(actual) + ", recorded " + crcHex(entry.getCrc())
                    + "): that jar is damaged; rebuild it or copy it again");
        }
    }

    /** Copies {@code entry} to {@code out}, checking its bytes against the CRC-32 the jar records. */
    private static void copyChecked(JarFile jar, JarEntry entry, OutputStream out) throws IOException {
        try (CheckedInputStream in = new CheckedInputStream(jar.getInputStream(entry), new CRC32())) {
            in.transferTo(out);
            long actual = in.getChecksum().getValue();
            if (entry.getCrc() >= 0 && actual != entry.getCrc()) {
                throw new DamagedJarException(jar, entry, actual);
            }
        }
    }

    /** Writes the entry to a private temporary file in the folder, then moves it to {@code target} atomically. */
    private void write(JarFile jar, JarEntry entry, String stem, Path target) throws IOException {
        sweepStale(stem);
        // createTempFile makes the file 0600 (owner read/write only), whatever the umask.
        Path temp = Files.createTempFile(folder, stem + "-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                copyChecked(jar, entry, out);
                // On disk before it gets its name: after a power cut, the name never points at a hole.
                channel.force(true);
            }
            Files.setPosixFilePermissions(temp, OWNER_READ_ONLY);
            // rename(2) in one folder: readers see the old file or the new one, never a part; a
            // racing JVM's equal copy replacing ours is harmless (open files keep their inode).
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            if (e instanceof AtomicMoveNotSupportedException) {
                throw new IOException("the file system of " + folder + " cannot rename atomically", e);
            }
            throw e;
        }
    }

    /** Removes this stem's temporary files older than {@link #STALE}: extractions killed half-way. */
    private void sweepStale(String stem) {
        FileTime before = FileTime.from(Instant.now().minus(STALE));
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, stem + "-*.tmp")) {
            for (Path temp : temps) {
                if (Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).compareTo(before) < 0) {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException | RuntimeException e) {
            // housekeeping only: a file we cannot delete must not stop the extraction
        }
    }

    /** The entry copied to a new private temporary file, deleted at exit: the way without the cache. */
    private Path fresh(JarFile jar, JarEntry entry, String stem) throws IOException {
        Path copy;
        try {
            // createTempFile makes the file readable and writable by this user only.
            copy = Files.createTempFile(fallbackFolder, stem + "-", ".jar");
        } catch (IOException e) {
            throw new IOException("lox could not extract " + entry.getName() + " from " + jar.getName()
                    + " into the temporary folder " + fallbackFolder + " (" + e
                    + "); make it writable or point -Djava.io.tmpdir elsewhere", e);
        }
        copy.toFile().deleteOnExit();
        // Written into the file createTempFile made, not by Files.copy(..., REPLACE_EXISTING),
        // which deletes it and makes a new one with the umask's permissions (often world-readable).
        try (OutputStream out = Files.newOutputStream(copy)) {
            copyChecked(jar, entry, out);
        } catch (IOException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
        return copy;
    }
}
