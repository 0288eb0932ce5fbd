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
                classPaths = new WorkerClassPath(JarCache.forThisUser(), folder.resolve("classpath"));
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
                command = WorkerCommand.create(argFile, classPaths.entries(loader), ResponseLoader.of(loader));
            } catch (IOException e) {
                throw new UncheckedIOException("process mode: could not lay out the class path of worker JVMs for "
                        + (loader == null ? "the bootstrap loader" : WorkerClassPath.describe(loader)) + ": " + e.getMessage(), e);
            }
            COMMANDS.put(loader, new WeakReference<>(command));
        }
        return command;
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
        synchronized (ProcessRuntime.class) {
            f = folder;
        }
        if (f != null) {
            QueueFolder.deleteTree(f);
        }
    }
}
