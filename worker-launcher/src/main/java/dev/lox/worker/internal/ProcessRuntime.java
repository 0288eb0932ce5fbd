package dev.lox.worker.internal;

import dev.lox.internal.JarCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What all process pools of this JVM share: the owner-only queue folder (created on the first
 * worker's start, after sweeping dead parents' folders), the worker commands (one per class loader
 * of the pools' methods), and one shutdown hook that stops every pool's workers and removes the folder.
 */
final class ProcessRuntime {
    private static final Set<WorkerPool> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static Path folder;
    private static Path argFile;
    /**
     * Commands by the loader of the methods they serve. Weak both ways: pools hold their command, and
     * a command holds its loader (through its decoding loader), which must not be kept for this map.
     */
    private static final Map<ClassLoader, WeakReference<WorkerCommand>> COMMANDS = new WeakHashMap<>();
    private static WorkerClassPath classPaths;
    /** The workers' class-data archive; null when turned off. */
    private static WorkerArchive archive;
    private static final java.util.concurrent.atomic.AtomicBoolean SAID_ARCHIVE = new java.util.concurrent.atomic.AtomicBoolean();

    private ProcessRuntime() {
    }

    /**
     * This JVM's queue folder, created on first use, and created again (with the same checks, and a
     * new worker command, whose argument file is in it) if it was deleted meanwhile, as a tmp
     * cleaner would.
     */
    static synchronized Path folder() {
        if (folder != null && !isIntact()) {
            // Deleted meanwhile (a tmp cleaner): the argument file and the copied class folders
            // were in it, so every command is made again in the new folder.
            folder = null;
            COMMANDS.clear();
        }
        if (folder == null) {
            try {
                if (hook == null) {
                    String notice = JavaVersionFlags.parentNotice(Runtime.version().feature(),
                            System.getProperty("sun.misc.unsafe.memory.access"));
                    if (notice != null) {
                        System.err.println(notice);
                    }
                }
                ChronicleSettings.apply();
                folder = QueueFolder.create();
                argFile = WorkerCommand.writeArgFile(folder);
                JarCache cache = JarCache.forThisUser();
                classPaths = new WorkerClassPath(cache, folder.resolve("classpath"));
                ArchiveFormat format = WorkerArchive.format();
                archive = format != null ? archive(format, cache.folder(), folder.resolve("archive"), argFile) : null;
            } catch (IOException e) {
                throw new UncheckedIOException("could not create lox's queue folder under " + QueueFolder.base()
                        + ": " + e.getMessage() + " (set another with -Dlox.process.queueFolder=<dir>)", e);
            }
            if (hook == null) {
                hook = new Thread(ProcessRuntime::shutdown, "lox-process-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
            }
        }
        return folder;
    }

    private static Thread hook;

    /** Whether the queue folder and the worker command's argument file are still there. */
    static synchronized boolean isIntact() {
        return folder != null && Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && Files.isRegularFile(folder.resolve("worker.args"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The command for workers of a method whose class {@code loader} loaded (null: the bootstrap
     * loader), made the first time a pool of such a method starts a worker.
     *
     * @throws IllegalStateException naming the loader and the fix, if lox cannot reproduce it in a worker
     */
    static synchronized WorkerCommand command(ClassLoader loader) {
        folder();
        WeakReference<WorkerCommand> known = COMMANDS.get(loader);
        WorkerCommand command = known == null ? null : known.get();
        if (command == null) {
            try {
                command = WorkerCommand.create(argFile, classPaths.entries(loader), ResponseLoader.of(loader), archive);
            } catch (IOException e) {
                throw new UncheckedIOException("process mode: could not lay out the class path of worker JVMs for "
                        + (loader == null ? "the bootstrap loader" : WorkerClassPath.describe(loader)) + ": " + e.getMessage(), e);
            }
            COMMANDS.put(loader, new WeakReference<>(command));
        }
        return command;
    }

    /** The class-data archive of this JVM's workers; what it says goes out once, with {@code verbose}. */
    private static WorkerArchive archive(ArchiveFormat format, Path cache, Path scratch, Path argFile) throws IOException {
        List<String> launcher = WorkerCommand.launcher(argFile);
        List<String> flags = new ArrayList<>(Files.readAllLines(argFile));
        flags.addAll(launcher.subList(2, launcher.size()));
        return new WorkerArchive(format, cache, scratch, WorkerCommand.loxClassPath(), launcher, flags, line -> {
            if (WorkerArchive.verboseOn() && SAID_ARCHIVE.compareAndSet(false, true)) {
                PoolLog.say(line);
            }
        });
    }

    /** The workers' class-data archive, null when turned off or before the first worker start; for tests and benchmarks. */
    static synchronized WorkerArchive archive() {
        return archive;
    }

    /** A fresh folder for one pool's workers inside this JVM's folder. */
    static Path poolFolder(WorkerPool pool, String name) throws IOException {
        OPEN.add(pool);
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return Files.createDirectories(folder().resolve(safe + "-" + POOLS.incrementAndGet()),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    static void closed(WorkerPool pool) {
        OPEN.remove(pool);
    }

    private static void shutdown() {
        List<Thread> closers = new ArrayList<>();
        for (WorkerPool pool : OPEN) {
            Thread t = new Thread(pool::close, "lox-close-" + pool);
            t.start();
            closers.add(t);
        }
        for (Thread t : closers) {
            try {
                t.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Path f;
        WorkerArchive a;
        synchronized (ProcessRuntime.class) {
            f = folder;
            a = archive;
        }
        if (a != null) {
            a.stop();
        }
        if (f != null) {
            QueueFolder.deleteTree(f);
        }
    }
}
