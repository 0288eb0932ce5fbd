package dev.lox.worker.internal;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts worker JVMs into a pool's slots (as Gradle's worker process builder is apart from the
 * pool of its clients). It has two parts:
 * <ul>
 *   <li>The restart schedule, per slot. It says whether a start is already scheduled, and which
 *   generation the next worker is. It also keeps the delay before a slot may start again: a worker
 *   that died before it was ready delays the next start of its slot by 100 ms, doubled on each such
 *   failure up to 10 s, so that a broken setup fails calls instead of starting JVMs in a loop.</li>
 *   <li>The spawn. It checks the pool's queue folder, and makes it again if it is gone (a tmp
 *   cleaner). Then it makes the worker's own folder, its two queues and status page, the JVM and its
 *   {@link WorkerChannel}. If the spawn fails, what it opened is released again.</li>
 * </ul>
 *
 * <p>It keeps no slot table and no run state. The {@link WorkerPool} decides which slot starts and
 * when. The pool also puts the new worker in its slot, or empties the slot if the start failed.
 *
 * <p>Locking: the schedule and the folder, command and loader are guarded by the pool's lock (its
 * monitor). Every method except {@link #plan()} and {@link #spawn} is called with that lock held;
 * {@link #plan()} takes it itself. {@link #spawn} runs outside it, on the pool's supervisor thread,
 * because starting a JVM takes milliseconds and the lock is taken on every scatter.
 */
final class WorkerStarter {
    private static final long FIRST_RESTART_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_RESTART_DELAY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** The pool it starts workers for: its lock guards the fields below, and it owns the queue folder. */
    private final WorkerPool pool;
    private final String name;
    private final PoolSettings settings;
    private final WorkerPool.Transports transports;

    // Guarded by the pool's lock:
    private final int[] generations;
    private final int[] failuresBeforeReady;
    private final long[] nextStartNanos;
    private final boolean[] startScheduled;
    private Path folder;
    private WorkerCommand command;
    /** The method's class loader, which the workers' class path reproduces; weak, as lox-api holds it. */
    private WeakReference<ClassLoader> loader = new WeakReference<>(ClassLoader.getSystemClassLoader());

    WorkerStarter(WorkerPool pool, String name, int workers, PoolSettings settings, WorkerPool.Transports transports) {
        this.pool = pool;
        this.name = name;
        this.settings = settings;
        this.transports = transports;
        this.generations = new int[workers];
        this.failuresBeforeReady = new int[workers];
        this.nextStartNanos = new long[workers];
        this.startScheduled = new boolean[workers];
    }

    /** The loader whose class path the workers reproduce; set before the first start. */
    void useLoader(ClassLoader loader) {
        this.loader = new WeakReference<>(loader);
    }

    /** Whether a start of slot {@code index} is scheduled and has not begun yet. */
    boolean isScheduled(int index) {
        return startScheduled[index];
    }

    /** How long slot {@code index} must wait before its next start: 0, or what is left of its delay. */
    long delayNanos(int index) {
        return Math.max(0, nextStartNanos[index] - System.nanoTime());
    }

    /** A start of slot {@code index} was handed to the supervisor. */
    void scheduled(int index) {
        startScheduled[index] = true;
    }

    /** The scheduled start of slot {@code index} begins (whether or not it then spawns a worker). */
    void unscheduled(int index) {
        startScheduled[index] = false;
    }

    /** The generation of the next worker of slot {@code index}. */
    int nextGeneration(int index) {
        return ++generations[index];
    }

    /** The worker of slot {@code index} became ready: its next failure starts the delays again at 100 ms. */
    void ready(int index) {
        failuresBeforeReady[index] = 0;
    }

    /** The worker of slot {@code index} failed before it was ready (or could not be started): its slot waits longer. */
    void failedBeforeReady(int index) {
        int failures = ++failuresBeforeReady[index];
        nextStartNanos[index] = System.nanoTime() + restartDelayNanos(failures);
    }

    /** The delay after the {@code failures}-th failure in a row before ready: 100 ms, doubled each time, at most 10 s. */
    static long restartDelayNanos(int failures) {
        return Math.min(MAX_RESTART_DELAY_NANOS, FIRST_RESTART_DELAY_NANOS << Math.min(20, failures - 1));
    }

    /** The folder of the pool's queues, null before the first start. */
    Path folder() {
        return folder;
    }

    /** Where and how the next worker starts: the pool's folder (checked) and the worker command. */
    record Plan(Path poolFolder, WorkerCommand command, Path jvmFolder) { }

    /** Checks the pool's folder (with the pool's lock) and says where the next worker starts. */
    Plan plan() throws IOException {
        Path poolFolder;
        WorkerCommand cmd;
        synchronized (pool) {
            ensureFolder();
            poolFolder = folder;
            cmd = command;
        }
        Path jvmFolder = ProcessRuntime.folder(); // what the worker checks is trusted, with its own folder inside
        return new Plan(poolFolder, cmd, jvmFolder);
    }

    /**
     * The pool's folder, created (or, if it was deleted, as a tmp cleaner would, created again with
     * the same checks) before a worker starts; the caller holds the pool's lock.
     */
    private void ensureFolder() throws IOException {
        if (folder == null || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) || command == null
                || !ProcessRuntime.isIntact()) {
            if (folder != null) {
                PoolLog.say("the queue folder of " + name + " (" + folder + ") is gone; creating a new one");
            }
            folder = ProcessRuntime.poolFolder(pool, name);
            command = ProcessRuntime.command(loader.get());
        }
        QueueFolder.checkTrusted(folder);
    }

    /** A worker spawned into a slot, not yet given to it; and what was opened for it. */
    record Spawned(WorkerProcess process, WorkerChannel channel, Path folder, List<AutoCloseable> opened) {
        /** Undoes a spawn the slot never got: kills the JVM and releases its queues and folder. */
        void abandon() {
            process.kill();
            release(opened, folder);
        }

        /** Stops a worker the slot got while the pool was closing, which close() may not have seen. */
        void discard() {
            process.kill();
            process.awaitExit(System.nanoTime() + WorkerPool.KILL_WAIT_NANOS);
            channel.close();
            QueueFolder.deleteTree(folder);
        }
    }

    /**
     * Spawns the worker of {@code slot} (outside the pool's lock): its folder, queues, status page,
     * JVM and channel. A failure releases whatever it had opened and is thrown.
     *
     * @param workers how many slots the pool has (a lone worker's call window is unbounded)
     * @param onExit runs when the JVM exits
     */
    Spawned spawn(WorkerSlot slot, Plan plan, int workers, Runnable onExit) throws IOException {
        Path workerFolder = null;
        WorkerProcess process = null;
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            workerFolder = Files.createDirectories(plan.poolFolder().resolve("w" + slot.index + "-" + slot.generation),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Transport requests = Channels.open(transports, workerFolder.resolve("requests"), settings.maxMessageBytes(), false);
            opened.add(requests);
            Transport responses = Channels.open(transports, workerFolder.resolve("responses"), settings.maxMessageBytes(), true);
            opened.add(responses);
            WorkerStatusPage page = WorkerStatusPage.open(workerFolder.resolve("status"));
            opened.add(page);
            DiskSpace disk = new DiskSpace(workerFolder);
            process = WorkerProcess.start(plan.command(), plan.jvmFolder(), workerFolder, settings.maxMessageBytes());
            WorkerChannel channel = new WorkerChannel(pool, requests, responses, page, process.control(), disk,
                    workers == 1 ? CallWindow.unbounded() : CallWindow.bounded(), plan.command().responseLoader(),
                    "worker JVM " + process.pid() + " of " + name);
            process.onExit(onExit);
            return new Spawned(process, channel, workerFolder, opened);
        } catch (Throwable t) {
            if (process != null) {
                process.kill();
            }
            release(opened, workerFolder);
            throw t;
        }
    }

    /** Closes what a start opened and deletes the worker's folder, if it made one. */
    static void release(List<AutoCloseable> opened, Path workerFolder) {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Throwable e) {
                // nothing more to release
            }
        }
        if (workerFolder != null) {
            QueueFolder.deleteTree(workerFolder);
        }
    }
}
