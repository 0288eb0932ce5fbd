package dev.lox.worker.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What all process pools of this JVM share: the owner-only queue folder (created on the first
 * worker's start, after sweeping dead parents' folders), the worker command, and one shutdown hook
 * that stops every pool's workers and removes the folder.
 */
final class ProcessRuntime {
    private static final Set<WorkerPool> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static Path folder;
    private static WorkerCommand command;

    private ProcessRuntime() {
    }

    /**
     * This JVM's queue folder, created on first use, and created again (with the same checks, and a
     * new worker command, whose argument file is in it) if it was deleted meanwhile, as a tmp
     * cleaner would.
     */
    static synchronized Path folder() {
        if (folder != null && !isIntact()) {
            folder = null;
            command = null;
        }
        boolean first = command == null && hook == null;
        if (folder == null) {
            try {
                ChronicleSettings.apply();
                folder = QueueFolder.create();
                command = WorkerCommand.create(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("could not create lox's queue folder under " + QueueFolder.base()
                        + ": " + e.getMessage() + " (set another with -Dlox.process.queueFolder=<dir>)", e);
            }
            if (first) {
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

    static synchronized WorkerCommand command() {
        folder();
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
