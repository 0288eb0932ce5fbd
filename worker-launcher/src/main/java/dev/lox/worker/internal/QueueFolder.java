package dev.lox.worker.internal;

import dev.lox.internal.OwnerOnly;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The one temporary folder a parent JVM keeps its queues in: {@code <tmp>/lox-<pid>-<start>-<random>},
 * owner-only (0700), removed at exit. Folders of parents that died without removing theirs are swept
 * when the next parent creates its own.
 *
 * <p>Why the permissions matter: a worker deserializes whatever its request queue holds, so anyone
 * who can write there can make the worker instantiate classes of their choosing. A worker therefore
 * {@linkplain #checkTrusted refuses} a folder it does not own or that others can write.
 */
final class QueueFolder {
    static final String PREFIX = "lox-";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private QueueFolder() {
    }

    /** Where the folders go: {@code lox.process.queueFolder}, else {@code java.io.tmpdir}. */
    static Path base() {
        String dir = System.getProperty("lox.process.queueFolder");
        return Paths.get(dir != null && !dir.isBlank() ? dir.trim() : System.getProperty("java.io.tmpdir"));
    }

    /** Sweeps dead parents' folders, then creates this JVM's. */
    static Path create() throws IOException {
        Path tmp = base();
        sweepDead(tmp);
        ProcessHandle me = ProcessHandle.current();
        long start = me.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        // createTempDirectory makes the folder 0700 atomically on POSIX file systems; set it again in
        // case a umask or file system said otherwise, then check what we got.
        Path dir = Files.createTempDirectory(tmp, PREFIX + me.pid() + "-" + start + "-");
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
        checkTrusted(dir);
        return dir;
    }

    /**
     * Removes the folders of parents that are gone: same user's {@code lox-<pid>-<start>-*} folders
     * whose pid is dead or now belongs to a process that started at another time.
     */
    static void sweepDead(Path tmp) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path entry : entries) {
                String[] parts = entry.getFileName().toString().split("-");
                if (parts.length < 4) {
                    continue;
                }
                long pid;
                long start;
                try {
                    pid = Long.parseLong(parts[1]);
                    start = Long.parseLong(parts[2]);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (!isAlive(pid, start) && isOwnedByMe(entry)) {
                    deleteTree(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Sweeping is housekeeping: a folder we cannot list or delete must not stop process mode.
        }
    }

    private static boolean isAlive(long pid, long startMillis) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return false;
        }
        Optional<Instant> started = p.get().info().startInstant();
        // Start times are reported to 10 ms on Linux; a reused pid starts much later.
        return started.isEmpty() || startMillis == 0 || Math.abs(started.get().toEpochMilli() - startMillis) < 1000;
    }

    private static boolean isOwnedByMe(Path path) {
        try {
            return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).equals(OwnerOnly.currentUser(path));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Throws unless {@code dir} is a real folder (not a link), owned by the user this JVM runs as,
     * and writable by nobody else.
     */
    static void checkTrusted(Path dir) throws IOException {
        String problem = OwnerOnly.problem(dir, true);
        if (problem != null) {
            throw new IOException("queue folder " + problem + ": refusing it (a worker runs what its queue holds,"
                    + " so the folder must be the user's own, rwx------)");
        }
    }

    /** Deletes a folder and everything under it, without following links out of it. */
    static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            // best effort: the next parent's sweep tries again
        }
    }
}
