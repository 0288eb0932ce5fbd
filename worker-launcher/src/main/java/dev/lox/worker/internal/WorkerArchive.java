package dev.lox.worker.internal;

import dev.lox.internal.JarCache;
import dev.lox.internal.OwnerOnly;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The class-data archive worker JVMs start from, so that a worker maps the classes it needs before
 * it is ready (Chronicle, Kryo, lox's own) instead of loading, parsing and verifying each from its
 * jar: on Java 25+ the JDK's AOT cache, which also carries the training's method profiles so that a
 * new worker's JIT starts from them; before, AppCDS's dynamic archive ({@link ArchiveFormat}).
 *
 * <p><b>What it holds, and why one serves every application.</b> It is made with lox's jars alone on
 * the class path (the agent jar and the nested process jar, which come first on every worker's class
 * path, see {@link WorkerCommand#classPath}), and the JVM accepts an archive whose class path is a
 * prefix of the running one. So there is one archive per lox build, JDK and worker flags (its name
 * carries a hash of them: the JDK's home and version, each lox jar's path, size and modification
 * time, the flags), whatever application class path the workers get after lox's jars; the JVM
 * checks the jars' sizes and times again when it maps the archive.
 *
 * <p><b>How it is made.</b> The first worker start of a JVM that finds none starts one training JVM
 * in the background ({@link WorkerTraining}: a worker and its parent in one JVM, a few thousand calls,
 * some of which throw), with the format's training flags; the workers started meanwhile start
 * normally. The archive is written to a private temporary file in the cache folder, made read-only,
 * and renamed atomically to {@code worker-<hash>-<CRC-32>.jsa} (or {@code .aot}): a reader never
 * sees half an archive.
 * A parent that exits first kills the training, which is then tried again by the next JVM.
 *
 * <p><b>When it is trusted.</b> A worker maps the archive as code, so it is used only as the nested
 * jars of the {@code JarCache} are: the folder ({@code ${java.io.tmpdir}/lox-cache-<user>}) must be a
 * real folder owned by this user and writable by nobody else, the archive a regular file owned by
 * this user, writable by nobody else, and its bytes must match the CRC-32 in its name (checked once
 * per JVM). Otherwise workers start without it: an archive of ours that is damaged is removed and
 * made again, one that is not ours is left alone. Every case where workers start without an archive
 * (none could be made: lox's classes are in folders, not jars; the JVM refused to make one; the
 * folder or file is not trusted) is said once, with {@code verbose}; workers are never stopped by
 * it. {@code -Dlox.process.classDataArchive=false} turns it off.
 */
final class WorkerArchive {
    static final String SETTING = "lox.process.classDataArchive";
    static final String PREFIX = "worker-";
    private static final long TRAINING_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Temporary archives of trainings killed half-way are removed once they are this old. */
    private static final Duration STALE = Duration.ofHours(1);
    /**
     * Archives of other keys (older lox builds, other JDKs or worker flags) kept when a new one is
     * made: the most recently used, so that a user switching between a few JDKs or builds does not
     * remake them each time, while the folder stays bounded (an archive is 15-30 MB).
     */
    static final int KEEP_OTHERS = 3;
    /** The name of an archive this class made: its key, its CRC-32, its format's extension. */
    private static final java.util.regex.Pattern ARCHIVE_NAME =
            java.util.regex.Pattern.compile(PREFIX + "[0-9a-f]{16}-[0-9a-f]{8}\\.(jsa|aot)");

    enum State { UNCHECKED, TRAINING, READY, UNAVAILABLE }

    private final ArchiveFormat format;
    private final Path cache;
    private final Path scratch;
    private final List<String> loxClassPath;
    private final List<String> trainingCommand;
    private final String key;
    private final Consumer<String> verbose;

    // guarded by this
    private State state = State.UNCHECKED;
    private Path archive;
    private Process training;
    private Path trainingTemp;

    /**
     * @param format       the kind of archive: the AOT cache on Java 25+, else AppCDS's dynamic archive
     * @param cache        the owner-only cache folder (the {@code JarCache}'s)
     * @param scratch      an owner-only folder of this JVM, removed at exit, for the training's queues
     * @param loxClassPath lox's own class path entries (the archive's class path)
     * @param launcher     a worker's command up to its class path: {@code java}, its flags (an
     *                     argument file among them), the archive is made with them
     * @param flags        the same flags, the argument file's read out: what the archive's name depends on
     * @param verbose      told, once, why workers start without an archive
     */
    WorkerArchive(ArchiveFormat format, Path cache, Path scratch, List<String> loxClassPath, List<String> launcher,
            List<String> flags, Consumer<String> verbose) {
        this.format = format;
        this.cache = cache;
        this.scratch = scratch;
        this.loxClassPath = List.copyOf(loxClassPath);
        this.verbose = verbose;
        this.key = key(format, loxClassPath, flags);
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, loxClassPath));
        cmd.add(WorkerTraining.class.getName());
        this.trainingCommand = List.copyOf(cmd);
    }

    /**
     * The format of this JVM's workers' archive ({@code -Dlox.process.classDataArchive}: true, the
     * default, for the best this JDK makes; aot; cds; false), null for none.
     */
    static ArchiveFormat format() {
        return ArchiveFormat.of(System.getProperty(SETTING), Runtime.version().feature());
    }

    /** Whether {@code lox.verbose} is set (the agent's {@code verbose} option sets it). */
    static boolean verboseOn() {
        return Boolean.getBoolean("lox.verbose");
    }

    /**
     * The flags a worker starting now gets: the archive's, when there is a trusted one, else none
     * (and the first call makes one in the background).
     */
    synchronized List<String> flags() {
        if (state == State.UNCHECKED) {
            check();
        }
        if (state != State.READY) {
            return List.of();
        }
        // a JVM that cannot map the archive (a jar changed since) starts without it, silently
        return format.workerFlags(archive);
    }

    synchronized State state() {
        return state;
    }

    /** The archive in use, or null. */
    synchronized Path archive() {
        return state == State.READY ? archive : null;
    }

    /** The hash the archive's name carries. */
    String key() {
        return key;
    }

    /** Looks for a trusted archive; starts a training if there is none. The caller holds this. */
    private void check() {
        for (String entry : loxClassPath) {
            if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
                unavailable("lox's classes are not all in jars (" + entry + "): the JVM archives classes from jars only");
                return;
            }
        }
        try {
            try {
                Files.createDirectory(cache, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // an earlier JVM's (or someone else's: checked next)
            }
            String untrusted = OwnerOnly.problem(cache, true);
            if (untrusted != null) {
                unavailable("the cache folder is not trusted: " + untrusted);
                return;
            }
            String refused = null;
            try (DirectoryStream<Path> found = Files.newDirectoryStream(cache, PREFIX + key + "-*." + format.extension)) {
                for (Path candidate : found) {
                    String problem = problem(candidate);
                    if (problem == null) {
                        archive = candidate;
                        state = State.READY;
                        markUsed(candidate);
                        return;
                    }
                    refused = problem;
                }
            }
            if (refused != null && refused.startsWith("not ours: ")) {
                unavailable(refused.substring("not ours: ".length()));
                return;
            }
            startTraining();
        } catch (IOException | RuntimeException e) {
            unavailable("could not use the cache folder " + cache + ": " + e);
        }
    }

    /**
     * Null if {@code file} may be mapped; else why not, starting with {@code "not ours: "} for a file
     * someone else could have arranged (left alone). A damaged archive of ours is removed.
     */
    private String problem(Path file) throws IOException {
        String untrusted = OwnerOnly.problem(file, false);
        if (untrusted != null) {
            return "not ours: " + untrusted;
        }
        String name = file.getFileName().toString();
        String crcPart = name.substring(name.lastIndexOf('-') + 1, name.lastIndexOf('.'));
        long crc = JarCache.crc32(file);
        if (!crcPart.equals(String.format("%08x", crc))) {
            Files.deleteIfExists(file);
            verbose.accept("the worker class-data archive " + file + " was damaged (CRC-32 " + String.format("%08x", crc)
                    + "); removed it, and a new one is made");
            return "damaged";
        }
        return null;
    }

    private void unavailable(String why) {
        state = State.UNAVAILABLE;
        verbose.accept("worker JVMs start without a class-data archive (slower to be ready): " + why);
    }

    /** Starts the training JVM and a daemon thread that waits for it; the caller holds this. */
    private void startTraining() throws IOException {
        sweepStale();
        sweepOthers();
        Path folder = Files.createDirectories(scratch, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        QueueFolder.checkTrusted(folder);
        Path training = Files.createTempDirectory(folder, "training-");
        // Named .tmp in the cache folder until it is whole; the JVM (re)creates the file at exit.
        Path temp = Files.createTempFile(cache, PREFIX + key + "-", ".tmp");
        Path log = training.resolve("training.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(trainingCommand.get(0));
        cmd.addAll(trainingCommand.subList(1, trainingCommand.indexOf("-cp")));
        cmd.addAll(format.trainingFlags(temp, training));
        cmd.addAll(trainingCommand.subList(trainingCommand.indexOf("-cp"), trainingCommand.size()));
        cmd.add(training.toString());
        ProcessBuilder builder = WorkerCommand.withoutAgentOptions(new ProcessBuilder(cmd)).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE); // the pipe stays open while it runs: its worker ends on EOF
        Process p = builder.start();
        this.training = p;
        this.trainingTemp = temp;
        state = State.TRAINING;
        Thread waiter = new Thread(() -> finishTraining(p, temp, log, training), "lox-process-archive");
        waiter.setDaemon(true);
        waiter.start();
    }

    /** Waits (bounded) for the training; moves its archive into place, or says why there is none. */
    private void finishTraining(Process p, Path temp, Path log, Path trainingFolder) {
        String failure = null;
        try {
            if (!p.waitFor(TRAINING_NANOS, TimeUnit.NANOSECONDS)) {
                kill(p);
                failure = "the JVM that makes it did not end within 60 s";
            } else if (p.exitValue() != 0) {
                failure = "the JVM that makes it exited with " + p.exitValue() + lastLines(log);
            } else if (!Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS) || Files.size(temp) == 0) {
                failure = "the JVM wrote none" + lastLines(log);
            } else {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r--------"));
                String untrusted = OwnerOnly.problem(temp, false);
                if (untrusted != null) {
                    failure = untrusted;
                } else {
                    Path target = cache.resolve(PREFIX + key + "-" + String.format("%08x", JarCache.crc32(temp)) + "." + format.extension);
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                    synchronized (this) {
                        archive = target;
                        state = State.READY;
                    }
                }
            }
        } catch (InterruptedException e) {
            kill(p);
            failure = "interrupted";
        } catch (IOException | RuntimeException e) {
            failure = e.toString();
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // swept by a later JVM once stale
            }
            QueueFolder.deleteTree(trainingFolder);
        }
        if (failure != null) {
            synchronized (this) {
                unavailable("making it failed: " + failure);
            }
        }
        synchronized (this) {
            training = null;
            trainingTemp = null;
        }
    }

    /** Kills a training still running (this JVM exits): the next JVM makes the archive. */
    synchronized void stop() {
        if (training != null) {
            kill(training);
            try {
                Files.deleteIfExists(trainingTemp);
            } catch (IOException e) {
                // swept by a later JVM once stale
            }
        }
    }

    /**
     * Kills the training and what it started: at its exit a JVM making an AOT cache starts a second
     * JVM that assembles it, which would otherwise go on writing the file.
     */
    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : ": " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Removes temporary archives older than {@link #STALE}: trainings killed half-way. */
    private void sweepStale() {
        FileTime before = FileTime.from(Instant.now().minus(STALE));
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(cache, PREFIX + "*.tmp")) {
            for (Path temp : temps) {
                if (Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).lastModifiedTime().compareTo(before) < 0) {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException | RuntimeException e) {
            // housekeeping only
        }
    }

    /**
     * Its modification time set to now: what {@link #sweepOthers} keeps the most recent of. (The JVM
     * checks the jars' times when it maps an archive, not the archive's own.)
     */
    private static void markUsed(Path archive) {
        try {
            Files.setLastModifiedTime(archive, FileTime.from(Instant.now()));
        } catch (IOException | RuntimeException e) {
            // housekeeping only: it may then be swept sooner
        }
    }

    /**
     * Removes archives of other keys but the {@link #KEEP_OTHERS} most recently used: only files of
     * this user, not writable by others, named as this class names its archives; anything else in
     * the folder is left alone. A JVM that has one mapped keeps it (the file goes when it is unmapped);
     * a worker started with a removed one's flag starts without it, silently, as for any archive it
     * cannot map.
     */
    private void sweepOthers() {
        record Found(Path file, FileTime used) {
        }
        List<Found> others = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(cache, PREFIX + "*")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (ARCHIVE_NAME.matcher(name).matches() && !name.startsWith(PREFIX + key + "-")
                        && OwnerOnly.problem(file, false) == null) {
                    others.add(new Found(file, Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                            .lastModifiedTime()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return; // housekeeping only
        }
        others.sort((a, b) -> b.used().compareTo(a.used()));
        for (Found old : others.subList(Math.min(KEEP_OTHERS, others.size()), others.size())) {
            try {
                Files.deleteIfExists(old.file());
            } catch (IOException | RuntimeException e) {
                // housekeeping only
            }
        }
    }

    /** What the archive depends on: its format, the JDK, lox's jars (path, size, time) and the workers' flags. */
    static String key(ArchiveFormat format, List<String> loxClassPath, List<String> flags) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            StringBuilder s = new StringBuilder();
            s.append(format).append('\n').append(System.getProperty("java.home")).append('\n').append(System.getProperty("java.vm.version")).append('\n');
            for (String entry : loxClassPath) {
                Path p = Path.of(entry);
                s.append(entry).append('\n');
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    s.append(a.size()).append(' ').append(a.lastModifiedTime().toMillis()).append('\n');
                } catch (IOException e) {
                    s.append("missing\n");
                }
            }
            for (String flag : flags) {
                s.append(flag).append('\n');
            }
            return HexFormat.of().formatHex(digest.digest(s.toString().getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
