package dev.lox.worker.internal;

import dev.lox.WorkerCrashedException;
import dev.lox.spi.MethodRef;
import dev.lox.spi.ProcessBackend;
import dev.lox.worker.JdkAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The worker JVMs of one parallel method. Workers start on the first {@link #submit}, stay warm
 * across gathers, and stop when the pool is closed (at the latest at JVM exit).
 *
 * <p>A call is serialized in the caller's thread, so a call that cannot be sent fails there and
 * nothing is queued. It then goes to the live worker holding the fewest calls among those with room
 * in their {@link CallWindow}. Calls are pipelined: a worker's request queue holds its next calls
 * while it runs one, up to a window's worth of work. When no worker has room, the call waits in the
 * pool's backlog, oldest first, and is sent to the first worker that makes room, by whoever reads
 * that worker's responses (the reader thread, or a caller {@linkplain #help helping}) right after
 * reading them, or by the next thread whose scattered call has to wait: so work is handed out as
 * workers get through it, and one slow call holds up only what its worker's window let in behind it.
 *
 * <p>One reader thread per pool reads every worker's responses, completes the calls, sends waiting
 * calls, and handles workers that died: it reads what they answered before dying, fails what they
 * still held with {@link dev.lox.WorkerCrashedException}, and starts a replacement. A call still in
 * the backlog was never sent, so a worker's death does not concern it: it goes to another worker.
 */
public final class WorkerPool implements ProcessBackend.ProcessPool {
    /** Responses read from one worker before the reader looks at the next one. */
    private static final int BATCH = 256;

    private final String name;
    /** The worker in each slot; null while the slot is empty or its worker is {@linkplain #starting starting}. Guarded by this. */
    private final WorkerProcess[] slots;
    /**
     * Slots whose worker is being started outside the pool's locks (starting a JVM and mapping its
     * queues takes tens of milliseconds, during which calls must go on being sent and answered).
     * Guarded by this.
     */
    private final boolean[] starting;
    /**
     * Workers that exited and were taken out of their slot by {@link #pick} before the reader saw
     * them: the reader still reads what they answered, fails what they held and unmaps their queues.
     * Guarded by this.
     */
    private final List<WorkerProcess> retired = new ArrayList<>();
    /**
     * Calls serialized and not yet sent, oldest first, because no worker had room for them. Guarded by
     * this; taken out only by whoever holds {@link #sendLock}, so that they are sent in order.
     */
    private final ArrayDeque<WaitingCall> backlog = new ArrayDeque<>();
    /** Whoever sends waiting calls holds this, so that they go out in the order they came. */
    private final ReentrantLock sendLock = new ReentrantLock();
    /** The batch being sent, and how many calls it gives each slot's worker; guarded by {@link #sendLock}. */
    private final WaitingCall[] outgoingCalls = new WaitingCall[BATCH];
    private final WorkerProcess[] outgoingWorkers = new WorkerProcess[BATCH];
    private final int[] assigned;
    private final int[] generations;
    private final long maxMessageBytes;
    private final java.util.function.IntConsumer beforeStart;
    private final AtomicLong callIds = new AtomicLong();
    /** How long a waiting caller reads responses itself before it blocks, after the last one it read. */
    private static final long HELP_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long HELPER_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SHORT_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How long closing waits for the workers to end by themselves (all together) before it kills them. */
    private static final long STOP_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long SHORT_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private final Backoff backoff = Backoff.balanced(10);
    /** Whoever reads responses holds this: the reader thread, or a caller {@linkplain #help helping}. */
    final ReentrantLock readLock = new ReentrantLock(); // package-private: a test holds it to keep the reader off
    private final MessageQueue.Buffer buffer = new MessageQueue.Buffer();
    private final AtomicInteger helpers = new AtomicInteger();
    private volatile boolean idleParked;
    private Path folder;
    private WorkerCommand command;
    /** The method's class loader, which the workers' class path reproduces; weak, as lox-api holds it. */
    private java.lang.ref.WeakReference<ClassLoader> loader = new java.lang.ref.WeakReference<>(ClassLoader.getSystemClassLoader());
    private Thread reader;
    private volatile boolean closed;

    /** What a request's header may take besides its arguments: call id, method id and names. */
    private static final int HEADER_ROOM = 2048;

    /** Default of {@code lox.process.maxMessageBytes}: room for a 64 MiB argument and then some. */
    static final long DEFAULT_MAX_MESSAGE_BYTES = 128L << 20;

    /** A pool of {@code workers} worker JVMs, none started yet, sized by {@code lox.process.maxMessageBytes}. */
    public static WorkerPool open(String name, int workers) {
        return open(name, workers, ClassLoader.getSystemClassLoader());
    }

    /** As {@link #open(String, int)}, for a method whose class {@code loader} loaded: workers load classes as it does. */
    public static WorkerPool open(String name, int workers, ClassLoader loader) {
        long max = DEFAULT_MAX_MESSAGE_BYTES;
        String value = System.getProperty("lox.process.maxMessageBytes");
        if (value != null) {
            try {
                max = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1024 || max > (512L << 20)) {
                throw new IllegalArgumentException("-Dlox.process.maxMessageBytes must be a number of bytes from 1024 to "
                        + (512L << 20) + " (512 MiB; Chronicle maps blocks of 4x it), was '" + value + "'");
            }
        }
        WorkerPool pool = new WorkerPool(name, workers, max);
        pool.loader = new java.lang.ref.WeakReference<>(loader);
        return pool;
    }

    WorkerPool(String name, int workers, long maxMessageBytes) {
        this(name, workers, maxMessageBytes, slot -> { });
    }

    /**
     * {@code beforeStart} runs (with the slot) just before a worker JVM is started into a slot: a test
     * holds it there to check what the rest of the pool does while a worker starts.
     */
    WorkerPool(String name, int workers, long maxMessageBytes, java.util.function.IntConsumer beforeStart) {
        this.beforeStart = beforeStart;
        if (workers < 1) {
            throw new IllegalArgumentException("a process pool needs at least 1 worker, was " + workers + " (for " + name + ")");
        }
        this.name = name;
        this.slots = new WorkerProcess[workers];
        this.starting = new boolean[workers];
        this.generations = new int[workers];
        this.assigned = new int[workers];
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public CompletableFuture<Object> submit(MethodRef method, Object[] arguments) {
        if (closed) {
            throw poolIsClosed();
        }
        if (!JdkAccess.ensureOpen(WorkerPool.class.getModule())) {
            throw new IllegalStateException("process mode (" + name + ") needs access to JDK internals for Chronicle Queue and Kryo, "
                    + "and this JVM does not give it: start it with -javaagent:lox-agent.jar (which opens them), "
                    + "or add the flags --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED "
                    + "--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED "
                    + "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED (and the others lox's worker.args file lists)");
        }
        long callId = callIds.incrementAndGet();
        byte[] body = KryoCodec.encodeArguments(method, arguments);
        long size = body.length + HEADER_ROOM;
        if (size > maxMessageBytes) {
            throw new IllegalArgumentException("the call of " + method.displayName() + " is " + size
                    + " bytes serialized, more than the limit of " + maxMessageBytes + " bytes a message may have"
                    + " (Chronicle needs blocks of 4x the largest message); nothing was sent. Pass less data, or raise the"
                    + " limit with -Dlox.process.maxMessageBytes=<bytes> (a queue's block is 4x that, mapped in each JVM)");
        }
        WaitingCall call = new WaitingCall(callId, method, body, new ProcessCall(this));
        sendOrWait(call);
        if (idleParked) {
            backoff.wake();
        }
        return call.future();
    }

    /** A call serialized and not yet sent. */
    private record WaitingCall(long id, MethodRef method, byte[] body, CompletableFuture<Object> future) {
    }

    private static boolean send(WorkerProcess worker, WaitingCall call) {
        return worker.send(call.id(), call.method(), call.future(), call.body());
    }

    /**
     * Sends a new call to the live worker with room that holds the fewest calls, starting workers into
     * empty slots first (all of them on the first call); or puts it in the backlog, if calls wait there
     * already (a new call does not overtake them) or no worker has room. A worker that has exited gets
     * no call, even before the reader has seen its exit: it is taken out of its slot (the reader still
     * finishes it) and the slot is refilled.
     */
    private void sendOrWait(WaitingCall call) {
        while (true) {
            int slot = -1;
            int generation = 0;
            WorkerProcess best = null;
            boolean queued = false;
            synchronized (this) {
                if (closed) {
                    throw poolIsClosed();
                }
                for (int i = 0; i < slots.length; i++) {
                    if (slots[i] != null && slots[i].hasExited()) {
                        retired.add(slots[i]);
                        slots[i] = null;
                    }
                    if (slots[i] == null && !starting[i] && slot < 0) {
                        slot = i;
                    }
                }
                if (slot >= 0) {
                    generation = reserve(slot);
                } else {
                    best = fewestHeldWithRoom();
                    queued = best == null || !backlog.isEmpty();
                    if (queued) {
                        backlog.addLast(call);
                    }
                }
            }
            if (slot >= 0) {
                startInto(slot, generation); // outside the lock; then look again
            } else if (!queued) {
                if (send(best, call)) {
                    return;
                } // else the worker stopped taking calls: look again
            } else {
                if (best != null) {
                    // Calls waited before this one, and the reader has made room since: send them
                    // (this one too if its turn comes). In a burst of tiny calls this thread then goes
                    // on sending while the reader reads, as when every call went out at once, instead
                    // of leaving both to the reader.
                    sendWaiting();
                }
                return;
            }
        }
    }

    private static boolean takesCalls(WorkerProcess w) {
        return w != null && w.isAccepting() && !w.hasExited();
    }

    /**
     * The live worker with room that holds the fewest calls, or null; the caller holds this. Keeps
     * the pool balanced by calls in flight, within each worker's window.
     */
    private WorkerProcess fewestHeldWithRoom() {
        WorkerProcess best = null;
        for (WorkerProcess w : slots) {
            if (takesCalls(w) && w.room() > 0 && (best == null || w.heldCount() < best.heldCount())) {
                best = w;
            }
        }
        return best;
    }

    /**
     * Sends waiting calls, oldest first, each to the worker with room that holds the fewest calls.
     * Called by whoever has just read responses (which is what makes room) and by a scattering thread
     * whose call had to wait; one thread at a time sends, so that the calls go out in order.
     */
    private void sendWaiting() {
        do {
            if (!sendLock.tryLock()) {
                return; // another thread is sending them, and looks again when it is done
            }
            try {
                sendWaitingLocked();
            } finally {
                sendLock.unlock();
            }
        } while (canSendWaiting()); // a call may have come, or room been made, just before the unlock
    }

    private synchronized boolean canSendWaiting() {
        return !closed && !backlog.isEmpty() && fewestHeldWithRoom() != null;
    }

    /**
     * Sends waiting calls while workers have room. Calls are assigned under the pool's lock a batch at
     * a time (each to the worker with room that then holds the fewest, counting what the batch gives
     * it), and sent outside it: one lock per call would make the scattering threads queue behind the
     * sender in a burst of tiny calls.
     */
    private void sendWaitingLocked() {
        while (true) {
            int count = 0;
            synchronized (this) {
                if (closed) {
                    return;
                }
                Arrays.fill(assigned, 0);
                while (count < BATCH && !backlog.isEmpty()) {
                    int best = -1;
                    for (int i = 0; i < slots.length; i++) {
                        WorkerProcess w = slots[i];
                        if (takesCalls(w) && w.room() > assigned[i]
                                && (best < 0 || w.heldCount() + assigned[i] < slots[best].heldCount() + assigned[best])) {
                            best = i;
                        }
                    }
                    if (best < 0) {
                        break;
                    }
                    assigned[best]++;
                    outgoingWorkers[count] = slots[best];
                    outgoingCalls[count++] = backlog.pollFirst();
                }
            }
            if (count == 0) {
                return;
            }
            for (int i = 0; i < count; i++) {
                WaitingCall call = outgoingCalls[i];
                try {
                    if (!send(outgoingWorkers[i], call)) {
                        // the worker stopped taking calls (it exited, or the pool is closing): this call
                        // and the ones after it go back, in order, and are assigned again
                        putBack(Arrays.copyOfRange(outgoingCalls, i, count));
                        break;
                    }
                } catch (RuntimeException | Error e) {
                    // Chronicle could not append it: the caller would have seen this at scatter, had the
                    // call been sent then; its future is where it can see it now.
                    call.future().completeExceptionally(e);
                }
            }
            Arrays.fill(outgoingCalls, 0, count, null);
            Arrays.fill(outgoingWorkers, 0, count, null);
        }
    }

    /** Returns calls that could not be sent to the head of the backlog, in order, or fails them if the pool was closed meanwhile. */
    private void putBack(WaitingCall[] calls) {
        synchronized (this) {
            if (!closed) {
                for (int i = calls.length - 1; i >= 0; i--) {
                    backlog.addFirst(calls[i]);
                }
                return;
            }
        }
        for (WaitingCall call : calls) {
            call.future().completeExceptionally(closedBeforeFinished());
        }
    }

    /**
     * Fails the waiting calls if no worker is up or starting to take them: the last one died before it
     * was ready, or could not be started. Such a slot is filled again only by the next scatter, so
     * that a broken setup fails calls instead of starting JVMs in a loop; so the calls already waiting
     * fail as the ones sent to it did.
     */
    private void failWaitingIfNoWorker(Supplier<? extends RuntimeException> failure) {
        List<WaitingCall> waiting;
        synchronized (this) {
            for (int i = 0; i < slots.length; i++) {
                if (starting[i] || takesCalls(slots[i])) {
                    return;
                }
            }
            waiting = new ArrayList<>(backlog);
            backlog.clear();
        }
        for (WaitingCall call : waiting) {
            call.future().completeExceptionally(failure.get());
        }
    }

    private synchronized boolean hasWaiting() {
        return !backlog.isEmpty();
    }

    private IllegalStateException poolIsClosed() {
        return new IllegalStateException("the process pool of " + name + " is closed (the JVM is shutting down)");
    }

    private IllegalStateException closedBeforeFinished() {
        return new IllegalStateException("the process pool of " + name + " was closed before this call finished");
    }

    /** Marks an empty slot as starting and returns the new worker's generation; the caller holds this. */
    private int reserve(int slot) {
        if (reader == null) {
            reader = new Thread(this::readResponses, "lox-process-" + name + "-responses");
            reader.setDaemon(true);
            reader.start();
        }
        starting[slot] = true;
        return ++generations[slot];
    }

    /**
     * Starts a worker JVM into a slot {@linkplain #reserve reserved} for it. Runs without the pool's
     * locks, so that the other workers go on taking calls and having their responses read meanwhile.
     */
    private void startInto(int slot, int generation) {
        WorkerProcess w = null;
        Throwable failure = null;
        try {
            w = startUnlessClosed(slot, generation);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean closedMeanwhile;
        synchronized (this) {
            starting[slot] = false;
            closedMeanwhile = closed;
            if (w != null && !closed) {
                slots[slot] = w;
            }
        }
        if (failure != null) {
            Throwable cause = failure;
            failWaitingIfNoWorker(() -> new IllegalStateException("no worker JVM of " + name + " could be started to take this call: "
                    + cause.getMessage(), cause));
            if (failure instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) failure;
        }
        if (closedMeanwhile) {
            if (w != null) {
                // close() did not see it (it was not in its slot yet), and may have deleted the pool's
                // folder before the start created it again for the worker's queues
                stopAll(List.of(w));
                QueueFolder.deleteTree(folder);
            }
            throw poolIsClosed();
        }
        backoff.wake(); // calls may be waiting for a worker with room
    }

    /** Starts the worker JVM of a reserved slot; null if the pool has been closed meanwhile. */
    private WorkerProcess startUnlessClosed(int slot, int generation) {
        try {
            synchronized (this) {
                if (closed) {
                    return null;
                }
                if (folder == null) {
                    folder = ProcessRuntime.poolFolder(this, name);
                    command = ProcessRuntime.command(loader.get());
                }
            }
            beforeStart.accept(slot);
            if (closed) {
                // close() ran while this thread was outside the locks, and deleted the pool's folder:
                // starting now would create it again (the worker's folder is made inside it)
                return null;
            }
            return WorkerProcess.start(command, name, ProcessRuntime.folder(), folder.resolve("w" + slot + "-" + generation),
                    maxMessageBytes, slots.length == 1 ? CallWindow.unbounded() : CallWindow.bounded(), this::workerExited);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a worker JVM for " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The reader thread: reads responses while calls are held and no waiting caller is reading them
     * itself ({@link #help}); parks while the pool holds nothing, until {@link #submit} wakes it.
     */
    private void readResponses() {
        long idleSince = System.nanoTime();
        while (!closed) {
            if (helpers.get() > 0) {
                backoff.park(HELPER_CHECK_NANOS); // a caller is reading; stay off its CPU
                idleSince = System.nanoTime();
                continue;
            }
            int read;
            readLock.lock();
            try {
                read = drainAll();
            } finally {
                readLock.unlock();
            }
            if (read > 0) {
                backoff.reset();
            } else if (held() > 0 || anyExited() || hasWaiting()) {
                backoff.pause();
            } else if (System.nanoTime() - idleSince < SHORT_IDLE_NANOS) {
                // Briefly idle: short parks that nobody needs to cut short, so that a caller sending
                // call after call (and reading the results itself) pays no wake-up system call.
                backoff.park(SHORT_PARK_NANOS);
                continue;
            } else {
                idleParked = true;
                if (held() == 0 && !anyExited() && !hasWaiting() && !closed) { // re-check: a submit may have raced the flag
                    backoff.park(TimeUnit.SECONDS.toNanos(1));
                }
                idleParked = false;
                backoff.reset();
            }
            idleSince = System.nanoTime();
        }
    }

    /**
     * Lets the thread waiting for {@code call} read responses itself for a while, instead of parking
     * and being woken by the reader thread: a hand-off between threads costs tens of microseconds on
     * a busy machine, more than the whole round trip. Reading stops after {@value #HELP_NANOS} ns
     * without a response (a long call), and the caller then blocks as usual.
     */
    void help(CompletableFuture<?> call, long deadlineNanos) {
        if (call.isDone() || closed) {
            return;
        }
        helpers.incrementAndGet();
        try {
            long now = System.nanoTime();
            long until = now + HELP_NANOS;
            while (!call.isDone() && now - until < 0 && now - deadlineNanos < 0) {
                if (readLock.tryLock()) {
                    try {
                        if (drainAll() > 0) {
                            until = System.nanoTime() + HELP_NANOS;
                        }
                    } finally {
                        readLock.unlock();
                    }
                }
                Thread.yield(); // not onSpinWait: the worker may need this very CPU to answer
                now = System.nanoTime();
            }
        } finally {
            if (helpers.decrementAndGet() == 0 && !call.isDone()) {
                backoff.wake(); // the reader takes over the call this caller gave up reading for
            }
        }
    }

    /**
     * Reads every worker's responses, finishes dead workers, then sends waiting calls to the workers
     * that made room; the caller holds {@link #readLock}.
     */
    private int drainAll() {
        int read = 0;
        List<WorkerProcess> current = new ArrayList<>(slots.length);
        synchronized (this) {
            for (WorkerProcess w : slots) {
                if (w != null) {
                    current.add(w);
                }
            }
            current.addAll(retired);
        }
        for (WorkerProcess w : current) {
            read += w.drain(buffer, BATCH);
            if (w.hasExited()) {
                finishDead(w, buffer);
            }
        }
        sendWaiting();
        return read;
    }

    private int held() {
        int n = 0;
        for (WorkerProcess w : slots) { // a racy read is fine: this only decides how long to wait
            if (w != null) {
                n += w.heldCount();
            }
        }
        return n;
    }

    private boolean anyExited() {
        for (WorkerProcess w : slots) {
            if (w != null && w.hasExited() && w.isAccepting()) {
                return true;
            }
        }
        synchronized (this) {
            return !retired.isEmpty();
        }
    }

    private void workerExited() {
        backoff.wake();
    }

    /**
     * Reads what a dead worker answered, fails what it still held, and has it replaced. The caller
     * holds {@link #readLock}, so nothing here may take long: the replacement starts on a thread of
     * its own.
     */
    private void finishDead(WorkerProcess dead, MessageQueue.Buffer buffer) {
        while (dead.drain(buffer, Integer.MAX_VALUE) > 0) {
            // everything it wrote before it died
        }
        dead.failHeld(name);
        dead.release();
        int replace = -1;
        int generation = 0;
        synchronized (this) {
            retired.remove(dead);
            for (int slot = 0; slot < slots.length; slot++) {
                if (slots[slot] == dead) {
                    slots[slot] = null;
                    // A worker that was up is replaced at once, so the pool stays warm; one that died
                    // before it was ready (a bad class path, a JVM flag) is restarted only by the next
                    // call, so a broken setup fails calls instead of spinning up JVMs in a loop. (One
                    // that pick() took out of its slot was replaced there already.)
                    if (!closed && dead.wasReady()) {
                        replace = slot;
                        generation = reserve(slot);
                    }
                }
            }
        }
        if (!dead.wasReady()) {
            List<String> lines = dead.lastStderrLines();
            failWaitingIfNoWorker(() -> new WorkerCrashedException("worker JVM " + dead.pid() + " of " + name
                    + " died before it was ready, and no other worker of the pool is up to take this call", dead.exitCode(), lines));
        }
        if (replace >= 0) {
            int slot = replace;
            int gen = generation;
            Thread starter = new Thread(() -> {
                try {
                    startInto(slot, gen);
                } catch (RuntimeException e) {
                    if (!closed) { // a pool closed meanwhile needs no replacement, and that is no news
                        System.err.println("lox: " + e.getMessage());
                    }
                }
            }, "lox-process-" + name + "-start-w" + slot);
            starter.setDaemon(true);
            starter.start();
        }
    }

    /** Calls not started yet: those waiting in the backlog, and those each worker holds behind the one it runs. */
    @Override
    public int queued() {
        int queued;
        synchronized (this) {
            queued = backlog.size();
            for (WorkerProcess w : slots) {
                if (w != null) {
                    queued += Math.max(0, w.heldCount() - 1); // a worker runs one call; the rest wait
                }
            }
        }
        return queued;
    }

    /** Nanoseconds each live worker took from start to ready, -1 for one not ready; for benchmarks. */
    public synchronized long[] readyAfterNanos() {
        long[] r = new long[slots.length];
        for (int i = 0; i < slots.length; i++) {
            r[i] = slots[i] == null ? -1 : slots[i].readyAfterNanos();
        }
        return r;
    }

    /** The folder of this pool's queues, null before the first worker starts; for tests. */
    synchronized Path poolFolder() {
        return folder;
    }

    /** The workers in the slots, for tests. */
    synchronized List<WorkerProcess> workers() {
        return Arrays.stream(slots).filter(w -> w != null).toList();
    }

    /** Process ids of the live workers, for tests. */
    public synchronized List<Long> workerPids() {
        return Arrays.stream(slots).filter(w -> w != null && w.isAccepting()).map(WorkerProcess::pid).toList();
    }

    @Override
    public void close() {
        List<WorkerProcess> workers;
        List<WaitingCall> waiting;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            workers = new ArrayList<>(retired);
            for (WorkerProcess w : slots) {
                if (w != null) {
                    workers.add(w);
                }
            }
            retired.clear();
            waiting = new ArrayList<>(backlog);
            backlog.clear();
        }
        for (WaitingCall call : waiting) {
            call.future().completeExceptionally(closedBeforeFinished());
        }
        backoff.wake();
        if (reader != null) {
            try {
                reader.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        readLock.lock(); // no caller is reading a queue that is about to be unmapped
        try {
            stopAll(workers);
        } finally {
            readLock.unlock();
        }
        if (folder != null) {
            QueueFolder.deleteTree(folder);
        }
        ProcessRuntime.closed(this);
    }

    /**
     * Stops every worker: first tells them all (closing their stdin), then waits for them together,
     * so that shutdown takes about as long as the slowest worker, not the sum over the pool.
     */
    private void stopAll(List<WorkerProcess> workers) {
        for (WorkerProcess w : workers) {
            w.stop();
        }
        long deadline = System.nanoTime() + STOP_NANOS;
        for (WorkerProcess w : workers) {
            if (!w.awaitExit(deadline)) {
                w.kill(); // it lingers (a task that ignores its end): the parent does not wait for it
            }
        }
        long killed = System.nanoTime() + STOP_NANOS; // a killed JVM is gone in milliseconds; bounded anyway
        for (WorkerProcess w : workers) {
            w.awaitExit(killed);
            for (CompletableFuture<Object> call : w.retire()) {
                call.completeExceptionally(closedBeforeFinished());
            }
            w.release();
        }
    }

    @Override
    public String toString() {
        return "process pool of " + name + " (" + slots.length + " workers)";
    }
}
