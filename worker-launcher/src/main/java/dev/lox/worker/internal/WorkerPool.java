package dev.lox.worker.internal;

import dev.lox.WorkerCrashedException;
import dev.lox.internal.LoxEvents;
import dev.lox.spi.MethodRef;
import dev.lox.spi.ProcessBackend;
import dev.lox.worker.JdkAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The worker JVMs of one parallel method. Workers start on the first {@link #submit}, stay warm
 * across gathers, and stop when the pool is closed (at the latest at JVM exit).
 *
 * <p>The parts, each with one job: the {@link Dispatcher} decides which worker a call goes to and
 * keeps the calls that wait for room; each worker is a {@link WorkerSlot} (its run state), a
 * {@link WorkerProcess} (the JVM) and a {@link WorkerChannel} (its queues and the call protocol); the
 * {@link ResponseReader} reads responses and has the pool look at its workers; the
 * {@link WorkerStarter} spawns a worker into a slot and keeps each slot's restart delay; one
 * supervisor thread runs the starts and settles the workers that are retired. The pool ties them
 * together under one lock (this object's monitor), which guards the slots, the dispatcher, the run
 * state and the starter's schedule; sending happens outside it, under each channel's lock, reading
 * under the reader's lock, and spawning a JVM outside every lock.
 *
 * <p>A call is serialized in the caller's thread, so a call that cannot be sent fails there and
 * nothing is queued. A worker is retired when its JVM exits, its channel breaks, its heartbeat stops,
 * a call runs past the {@linkplain PoolSettings#callTimeoutNanos call timeout}, or a cancelled call
 * does not stop; what becomes of the calls it held is the {@link Retirement}'s kind, and
 * {@link RetiredCalls} fails or hands them back by it. Retired workers are replaced: one that had
 * been up at once, one that died before it was ready after a growing delay and only while calls want
 * it, so that a broken setup fails calls instead of starting JVMs in a loop.
 */
public final class WorkerPool implements ProcessBackend.ProcessPool {
    /** Responses read from one worker, or waiting calls sent, in one go. */
    private static final int BATCH = 256;
    /** What a request's header may take besides its arguments: call id, method id and names. */
    private static final int HEADER_ROOM = 2048;
    /** How long closing waits for the workers to end by themselves (all together) before it kills them. */
    private static final long STOP_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long settling a killed worker waits for its exit. */
    static final long KILL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Default of {@code lox.process.maxMessageBytes}. */
    static final long DEFAULT_MAX_MESSAGE_BYTES = PoolSettings.DEFAULT_MAX_MESSAGE_BYTES;

    private enum RunState { RUNNING, FAILED, CLOSED }

    /** How a worker's queues are opened: Chronicle queues, or a test's stand-in. */
    interface Transports {
        Transport open(Path dir, long maxMessageBytes, boolean reader);
    }

    private final String name;
    private final PoolSettings settings;
    private final IntConsumer beforeStart;
    private final WorkerListener listener;
    private final AtomicLong callIds = new AtomicLong();

    // Guarded by this:
    private final WorkerSlot[] slots;
    /** Spawns workers into the slots and keeps each slot's restart schedule; its state is guarded by this too. */
    private final WorkerStarter starter;
    /** Fails or hands back a retired worker's calls; keeps nothing. */
    private final RetiredCalls retiredCalls;
    private final Dispatcher<PendingCall> dispatcher = new Dispatcher<>(PendingCall::isDone);
    private final Dispatcher.Workers view = new SlotsView();
    private RunState runState = RunState.RUNNING;
    private Throwable failure;
    private ScheduledExecutorService supervisor;
    private final ResponseReader reader;

    /** The slots for the reader, copied on every change; read without the lock. */
    private volatile WorkerSlot[] live = new WorkerSlot[0];
    private volatile boolean closed;
    /**
     * Set (under the lock) whenever a call is put in the backlog, cleared when a plan finds it empty:
     * lets the reader skip the lock after each read when nothing waits, the common case.
     */
    private volatile boolean mayHaveWaiting;
    /** Guarded by the reader's lock. */
    private final MessageBuffer buffer = new MessageBuffer();

    /** A pool of {@code workers} worker JVMs, none started yet, configured by this JVM's {@code lox.process.*} properties. */
    public static WorkerPool open(String name, int workers) {
        return open(name, workers, ClassLoader.getSystemClassLoader());
    }

    /** As {@link #open(String, int)}, for a method whose class {@code loader} loaded: workers load classes as it does. */
    public static WorkerPool open(String name, int workers, ClassLoader loader) {
        return open(name, workers, loader, PoolSettings.fromSystemProperties());
    }

    /** As {@link #open(String, int, ClassLoader)}, configured by {@code settings}. */
    public static WorkerPool open(String name, int workers, ClassLoader loader, PoolSettings settings) {
        WorkerPool pool = new WorkerPool(name, workers, settings);
        pool.starter.useLoader(loader);
        return pool;
    }

    WorkerPool(String name, int workers, long maxMessageBytes) {
        this(name, workers, PoolSettings.fromSystemProperties().withMaxMessageBytes(maxMessageBytes));
    }

    WorkerPool(String name, int workers, long maxMessageBytes, IntConsumer beforeStart) {
        this(name, workers, PoolSettings.fromSystemProperties().withMaxMessageBytes(maxMessageBytes), beforeStart,
                MessageQueue::open, WorkerListener.NONE);
    }

    public WorkerPool(String name, int workers, PoolSettings settings) {
        this(name, workers, settings, slot -> { }, MessageQueue::open, WorkerListener.NONE);
    }

    /**
     * @param beforeStart runs (with the slot) just before a worker JVM is started into a slot: a test
     *     holds it there to check what the rest of the pool does meanwhile
     * @param transports opens a worker's queues (a test wraps them to inject faults)
     */
    WorkerPool(String name, int workers, PoolSettings settings, IntConsumer beforeStart, Transports transports,
            WorkerListener listener) {
        if (workers < 1) {
            throw new IllegalArgumentException("a process pool needs at least 1 worker, was " + workers + " (for " + name + ")");
        }
        this.name = name;
        this.settings = settings;
        this.beforeStart = beforeStart;
        this.listener = listener;
        this.slots = new WorkerSlot[workers];
        this.starter = new WorkerStarter(this, name, workers, settings, transports);
        this.retiredCalls = new RetiredCalls(name, settings, this::closedBeforeFinished);
        this.reader = new ResponseReader(this, name);
    }

    PoolSettings settings() {
        return settings;
    }

    @Override
    public CompletableFuture<Object> submit(MethodRef method, Object[] arguments) {
        return submit(method, arguments, Map.of());
    }

    @Override
    public CompletableFuture<Object> submit(MethodRef method, Object[] arguments, Map<String, Object> carried) {
        checkOpen();
        if (!JdkAccess.ensureOpen(WorkerPool.class.getModule())) {
            throw new IllegalStateException("process mode (" + name + ") needs access to JDK internals for Chronicle Queue and Kryo, "
                    + "and this JVM does not give it: start it with -javaagent:lox-agent.jar (which opens them), "
                    + "or add the flags --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED "
                    + "--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED "
                    + "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED (and the others lox's worker.args file lists)");
        }
        byte[] body = KryoCodec.encodeArguments(method, arguments);
        List<CallProtocol.Part> parts = carried.isEmpty() ? List.of() : List.of(KryoCodec.encodeCarried(method, carried));
        long size = body.length + HEADER_ROOM + (parts.isEmpty() ? 0 : parts.get(0).bytes().length);
        if (size > settings.maxMessageBytes()) {
            throw new IllegalArgumentException("the call of " + method.displayName() + " is " + size
                    + " bytes serialized, more than the limit of " + settings.maxMessageBytes() + " bytes a message may have"
                    + " (Chronicle needs blocks of 4x the largest message); nothing was sent. Pass less data, or raise the"
                    + " limit with -Dlox.process.maxMessageBytes=<bytes> (a queue's block is 4x that, mapped in each JVM)");
        }
        PendingCall call = new PendingCall(this, callIds.incrementAndGet(), method, body, parts);
        sendOrWait(call);
        ResponseReader r = reader;
        if (r != null) {
            r.wakeIfIdle();
        }
        return call.call;
    }

    /**
     * Sends a new call to the worker the dispatcher picks, or leaves it waiting in the backlog (then
     * sends waiting calls, if a worker has room: in a burst of tiny calls the scattering thread goes
     * on sending while the reader reads).
     */
    private void sendOrWait(PendingCall call) {
        while (true) {
            WorkerSlot target = null;
            boolean waits = false;
            synchronized (this) {
                checkOpen();
                startEmptySlots();
                int slot = dispatcher.route(view);
                if (slot < 0) {
                    dispatcher.enqueue(call);
                    mayHaveWaiting = true;
                    waits = true;
                } else {
                    target = slots[slot];
                }
            }
            if (waits) {
                sendWaiting();
                return;
            }
            try {
                if (target.channel().send(call)) {
                    return;
                } // else the worker stopped taking calls: look again
            } catch (WorkerChannel.AppendFailedException e) {
                throw appendFailed(target, e);
            }
        }
    }

    /**
     * The failure of a call whose append failed: its worker takes no more calls, answers the ones it
     * holds (the reader retires it once it holds none, see {@link #drainAll}), and is replaced.
     */
    private IllegalStateException appendFailed(WorkerSlot slot, WorkerChannel.AppendFailedException e) {
        reader.wake(); // a worker that held nothing is retired at the reader's next round
        int held = slot.channel().heldCount();
        return new IllegalStateException(e.getMessage() + "; that worker takes no more calls, answers the " + held
                + " it holds, and is replaced" + diskHint(slot), e);
    }

    /** A note on the folder's free space, for a failed append (a full disk fails a mapped write partway). */
    private static String diskHint(WorkerSlot slot) {
        Path f = slot.folder();
        try {
            long free = Files.getFileStore(f.getParent()).getUsableSpace();
            return free < DiskSpace.MARGIN * 2 ? " (" + DiskSpace.describe(f, free, DiskSpace.MARGIN, "more data") + ")" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * Sends waiting calls, oldest first, each to the worker the dispatcher picks: assigned a batch at a
     * time under the pool's lock and sent outside it, so that scattering threads do not queue behind
     * the sender. Called by whoever has just read responses (which is what makes room), by a
     * scattering thread whose call had to wait, and when a worker is spawned.
     */
    private void sendWaiting() {
        Object[] calls = null;
        int[] targets = null;
        WorkerSlot[] to = null;
        while (true) {
            if (!mayHaveWaiting) {
                return;
            }
            int count;
            synchronized (this) {
                if (!dispatcher.hasWaiting()) {
                    mayHaveWaiting = false;
                    return;
                }
                if (runState != RunState.RUNNING || !dispatcher.canSend(view)) {
                    return;
                }
                if (calls == null) {
                    calls = new Object[BATCH];
                    targets = new int[BATCH];
                    to = new WorkerSlot[BATCH];
                }
                count = dispatcher.plan(view, calls, targets, BATCH);
                for (int i = 0; i < count; i++) {
                    to[i] = slots[targets[i]];
                }
            }
            for (int i = 0; i < count; i++) {
                PendingCall call = (PendingCall) calls[i];
                calls[i] = null;
                boolean sent;
                try {
                    sent = to[i].channel().send(call);
                } catch (DiskSpace.QueueFolderFullException e) {
                    call.fail(new IllegalStateException(e.getMessage(), e));
                    continue;
                } catch (WorkerChannel.AppendFailedException e) {
                    call.fail(appendFailed(to[i], e));
                    continue;
                }
                if (!sent) {
                    synchronized (this) {
                        dispatcher.requeueFirst(List.of(call)); // its worker stopped taking calls: assigned again
                        mayHaveWaiting = true;
                    }
                }
            }
        }
    }

    /** Schedules a start for every empty slot that has none scheduled; the caller holds this. */
    private void startEmptySlots() {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null && !starter.isScheduled(i)) {
                // the clock only when a slot is empty: this runs on every scatter, under the lock
                scheduleStart(i, starter.delayNanos(i));
            }
        }
    }

    /** The caller holds this. */
    private void scheduleStart(int slot, long delayNanos) {
        if (runState != RunState.RUNNING || starter.isScheduled(slot)) {
            return;
        }
        if (supervisor == null) {
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "lox-process-" + name + "-supervisor");
                t.setDaemon(true);
                return t;
            });
            s.setRemoveOnCancelPolicy(true);
            supervisor = s;
            reader.start();
        }
        starter.scheduled(slot);
        supervisor.schedule(guarded(() -> startSlot(slot), "its worker starter"), delayNanos, TimeUnit.NANOSECONDS);
    }

    /** A supervisor task that cannot die silently: a throwable stops the pool with it. */
    private Runnable guarded(Runnable task, String where) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                fail(t, where);
            }
        };
    }

    /**
     * Starts a worker JVM into an empty slot (on the supervisor thread): claims the slot, has the
     * starter spawn the worker, and gives it to the slot; or, if it cannot be started, empties the
     * slot again and delays its next start.
     */
    private void startSlot(int index) {
        WorkerSlot slot;
        synchronized (this) {
            starter.unscheduled(index);
            if (runState != RunState.RUNNING || slots[index] != null) {
                return;
            }
            slot = new WorkerSlot(index, starter.nextGeneration(index));
            slots[index] = slot;
            publish();
        }
        WorkerStarter.Spawned spawned = null;
        try {
            WorkerStarter.Plan plan = starter.plan();
            beforeStart.accept(index);
            if (closed) {
                abandonStart(slot);
                return;
            }
            ResponseReader r = reader;
            spawned = starter.spawn(slot, plan, slots.length, r::wake); // a failure there releases what it opened
            boolean closedMeanwhile;
            synchronized (this) {
                closedMeanwhile = runState != RunState.RUNNING;
                slot.started(spawned.process(), spawned.channel(), spawned.folder());
                publish();
            }
            if (closedMeanwhile) {
                spawned.discard(); // close() may not have seen it spawned: it stops this one itself
                return;
            }
            LoxEvents.workerStarted(name, spawned.process().pid()); // JFR dev.lox.WorkerStart
        } catch (Throwable t) {
            if (spawned != null) {
                spawned.abandon();
            }
            abandonStart(slot);
            Throwable cause = t;
            boolean running;
            synchronized (this) {
                running = runState == RunState.RUNNING;
                starter.failedBeforeReady(index);
            }
            if (running) {
                PoolLog.say("could not start a worker JVM for " + name + ": " + t);
                failWaitingIfNoWorker(() -> new IllegalStateException("no worker JVM of " + name + " could be started to take this call: "
                        + cause, cause));
            }
            return;
        }
        sendWaiting();
    }

    /** A slot whose worker was never spawned goes back to empty (what the start opened is released already). */
    private void abandonStart(WorkerSlot slot) {
        synchronized (this) {
            if (slot.process() == null && slot.state() == WorkerSlot.State.STARTING) {
                slot.moveTo(WorkerSlot.State.GONE, listener, name, null);
            }
            if (slots[slot.index] == slot) {
                slots[slot.index] = null;
            }
            publish();
        }
    }

    /** Copies the slots for the reader; the caller holds this. */
    private void publish() {
        List<WorkerSlot> l = new ArrayList<>(slots.length);
        for (WorkerSlot s : slots) {
            if (s != null) {
                l.add(s);
            }
        }
        live = l.toArray(new WorkerSlot[0]);
        notifyAll(); // tests waiting for a worker (awaitWorker)
    }

    /** The reader's lock: a test holds it to keep responses unread. */
    java.util.concurrent.locks.ReentrantLock readLock() {
        return reader.readLock;
    }

    /** Waits (bounded) until slot {@code index} has a spawned worker, and returns it; for tests. */
    synchronized WorkerSlot awaitWorker(int index, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (slots[index] == null || slots[index].process() == null
                || slots[index].state() != WorkerSlot.State.STARTING && slots[index].state() != WorkerSlot.State.READY) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("no worker in slot " + index + " of " + name + " after " + timeout + " " + unit);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return slots[index];
    }

    /** The dispatcher's view of the slots; used under the pool's lock. */
    private final class SlotsView implements Dispatcher.Workers {
        @Override
        public int count() {
            return slots.length;
        }

        @Override
        public boolean takesCalls(int slot) {
            WorkerSlot s = slots[slot];
            if (s == null || !s.takesCalls()) {
                return false;
            }
            // never to a worker known to be gone, even before the reader retires it
            return !s.process().hasExited();
        }

        @Override
        public boolean isReady(int slot) {
            return slots[slot].isReady();
        }

        @Override
        public int held(int slot) {
            return slots[slot].channel().heldCount();
        }

        @Override
        public int room(int slot) {
            return slots[slot].channel().room();
        }
    }

    /**
     * Reads every worker's responses, marks workers ready, retires those whose channel broke, then
     * sends waiting calls to the workers that made room; the caller holds the reader's lock.
     */
    int drainAll() {
        int read = 0;
        for (WorkerSlot slot : live) {
            WorkerChannel channel = slot.channel();
            if (channel == null) {
                continue;
            }
            read += channel.drain(buffer, BATCH);
            if (channel.isReady() && slot.state() == WorkerSlot.State.STARTING) {
                markReady(slot);
            }
            Throwable broken = channel.brokenBy();
            if (broken != null) {
                retire(slot, new Retirement(Retirement.Kind.BROKEN, "its channel failed: " + broken, broken, null, 0));
            } else if (channel.isSpent()) {
                Throwable t = channel.appendFailure();
                retire(slot, new Retirement(Retirement.Kind.APPEND_FAILED, "an append to its request queue failed (" + t
                        + "), and it has answered every call sent before", t, null, 0));
            }
        }
        sendWaiting();
        return read;
    }

    private synchronized void markReady(WorkerSlot slot) {
        if (slot.state() == WorkerSlot.State.STARTING) {
            slot.moveTo(WorkerSlot.State.READY, listener, name, null);
            starter.ready(slot.index);
        }
    }

    /** Looks at every worker: exits, heartbeats, call timeouts, ignored cancels (the reader, every few ms). */
    void supervise(long now) {
        for (WorkerSlot slot : live) {
            WorkerProcess process = slot.process();
            WorkerChannel channel = slot.channel();
            WorkerSlot.State state = slot.state();
            if (process == null || channel == null || (state != WorkerSlot.State.STARTING && state != WorkerSlot.State.READY)) {
                continue;
            }
            if (process.hasExited()) {
                retire(slot, new Retirement(Retirement.Kind.EXITED, "it exited", null, null, 0));
                continue;
            }
            if (state != WorkerSlot.State.READY) {
                long starting = now - process.startedNanos();
                if (starting > settings.startTimeoutNanos()) {
                    // Stopped or wedged before it was ready: no heartbeat tells, as beats start at ready.
                    retire(slot, new Retirement(Retirement.Kind.NOT_READY, "it was not ready " + seconds(starting)
                            + " after it was started, past the pool's start timeout of " + seconds(settings.startTimeoutNanos())
                            + " (stopped by a signal, wedged, or starting too slowly: set -Dlox.process.startTimeout)",
                            null, channel.oldestHeld(), 0));
                }
                continue;
            }
            long silent = channel.sinceLastBeat(now);
            if (channel.heldCount() == 0) {
                continue;
            }
            PendingCall oldest = channel.oldestHeld();
            if (silent > settings.stallTimeoutNanos()) {
                retire(slot, new Retirement(Retirement.Kind.STALLED, "it stopped making progress: no heartbeat for "
                        + seconds(silent) + " (stopped by a signal, or wedged)", null, oldest, 0));
                continue;
            }
            if (oldest == null) {
                continue;
            }
            long running = now - channel.oldestSinceNanos();
            if (settings.callTimeoutNanos() > 0 && running > settings.callTimeoutNanos() && !oldest.isDone()) {
                retire(slot, new Retirement(Retirement.Kind.OVERDUE, oldest + " ran for " + seconds(running)
                        + ", past the call timeout of " + seconds(settings.callTimeoutNanos()), null, oldest, running));
                continue;
            }
            long cancelled = oldest.cancelledNanos();
            if (cancelled != 0 && now - cancelled > settings.cancelGraceNanos()) {
                retire(slot, new Retirement(Retirement.Kind.CANCEL_IGNORED, oldest + " was cancelled and had not stopped "
                        + seconds(now - cancelled) + " after it was interrupted", null, oldest, running));
            }
        }
    }

    static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /**
     * Whether the reader has anything to wait for: calls held or waiting, a worker starting or
     * retiring. Lock-free: the reader asks after every empty read, and taking the pool's lock then
     * would contend with every scatter of a burst.
     */
    boolean hasWork() {
        if (mayHaveWaiting) {
            return true;
        }
        for (WorkerSlot slot : live) {
            WorkerChannel c = slot.channel();
            if (c != null && (c.heldCount() > 0 || c.appendFailure() != null) || slot.state() != WorkerSlot.State.READY) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes a worker out of service (any thread): it gets no more calls, and the supervisor kills it
     * if it lives, reads what it answered, settles the calls it held by the retirement's kind, and
     * starts a replacement. A worker retired twice is retired once.
     */
    private void retire(WorkerSlot slot, Retirement why) {
        synchronized (this) {
            WorkerSlot.State state = slot.state();
            if (state != WorkerSlot.State.STARTING && state != WorkerSlot.State.READY) {
                return;
            }
            slot.moveTo(WorkerSlot.State.RETIRING, listener, name, why);
            WorkerChannel c = slot.channel();
            if (c != null) {
                c.refuseCalls();
            }
            if (runState != RunState.RUNNING || supervisor == null) {
                return; // close() settles it
            }
            supervisor.execute(guarded(() -> settle(slot), "its worker supervisor"));
        }
        if (why.kind() != Retirement.Kind.EXITED) {
            PoolLog.say("replacing worker JVM " + slot.pid() + " of " + name + ": " + why.reason());
        }
    }

    /** Finishes a retired worker (on the supervisor thread). */
    private void settle(WorkerSlot slot) {
        Retirement why = slot.retirement();
        WorkerProcess process = slot.process();
        WorkerChannel channel = slot.channel();
        if (!process.hasExited()) {
            process.kill();
        }
        process.awaitExit(System.nanoTime() + KILL_WAIT_NANOS);
        List<PendingCall> held;
        ResponseReader r = reader;
        r.readLock.lock();
        try {
            if (channel.brokenBy() == null) {
                while (channel.drain(buffer, Integer.MAX_VALUE) > 0) {
                    // everything it answered before it ended
                }
            }
            held = channel.retireHeld();
        } finally {
            r.readLock.unlock();
        }
        if (why.kind() != Retirement.Kind.CLOSING) LoxEvents.workerCrashed(name, process.pid(), process.hasExited() ? process.exitCode() : -1, why.kind().movesQueuedCalls() ? Math.min(1, held.size()) : held.size(), why.reason()); // JFR dev.lox.WorkerCrash, before its calls fail
        List<PendingCall> moved = retiredCalls.settle(slot, why, held, process);
        channel.close();
        QueueFolder.deleteTree(slot.folder());
        boolean wasReady = channel.isReady();
        synchronized (this) {
            slot.moveTo(WorkerSlot.State.GONE, listener, name, null);
            if (slots[slot.index] == slot) {
                slots[slot.index] = null;
            }
            publish();
            if (runState != RunState.RUNNING) {
                for (PendingCall c : moved) {
                    c.fail(closedBeforeFinished());
                }
                return;
            }
            dispatcher.requeueFirst(moved);
            mayHaveWaiting |= !moved.isEmpty();
            if (wasReady) {
                scheduleStart(slot.index, 0); // keep the pool warm
            } else {
                starter.failedBeforeReady(slot.index); // restarted by the next call, after a growing delay
            }
        }
        if (!wasReady) {
            List<String> lines = process.lastStderrLines();
            int exit = process.hasExited() ? process.exitCode() : -1;
            String ended = why.kind() == Retirement.Kind.EXITED ? " died before it was ready"
                    : " was replaced before it was ready, because " + why.reason();
            failWaitingIfNoWorker(() -> new WorkerCrashedException("worker JVM " + process.pid() + " of " + name
                    + ended + ", and no other worker of the pool is up to take this call", exit, lines));
        }
        sendWaiting();
    }

    /**
     * Fails the waiting calls if no worker can take them: none takes calls and none is starting or
     * due to start. Calls waiting then would otherwise wait for a worker that does not come.
     */
    private void failWaitingIfNoWorker(Supplier<? extends RuntimeException> failure) {
        List<PendingCall> waiting;
        synchronized (this) {
            for (int i = 0; i < slots.length; i++) {
                WorkerSlot s = slots[i];
                if (s != null && (s.state() == WorkerSlot.State.STARTING || s.takesCalls())) {
                    return;
                }
            }
            waiting = dispatcher.takeAll();
        }
        for (PendingCall call : waiting) {
            call.fail(failure.get());
        }
    }

    /**
     * Stops the pool after a fault of its own (a bug: a channel's faults are its worker's): every
     * call it holds or keeps fails with the fault, and so does every later scatter.
     */
    void fail(Throwable t, String where) {
        synchronized (this) {
            if (runState != RunState.RUNNING) {
                return;
            }
            runState = RunState.FAILED;
            failure = new IllegalStateException("the process pool of " + name + " stopped after a fault in " + where + ": " + t, t);
        }
        PoolLog.say(failure.getMessage() + "; every call of it fails from now on (please report this)");
        t.printStackTrace();
        shutDown(failure);
    }

    private void checkOpen() {
        if (runState == RunState.CLOSED || closed) {
            throw poolIsClosed();
        }
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException(f.getMessage(), f.getCause());
        }
    }

    private IllegalStateException poolIsClosed() {
        return new IllegalStateException("the process pool of " + name + " is closed (the JVM is shutting down)");
    }

    private IllegalStateException closedBeforeFinished() {
        Throwable f = failure;
        return f != null ? new IllegalStateException(f.getMessage(), f.getCause())
                : new IllegalStateException("the process pool of " + name + " was closed before this call finished");
    }

    void help(CompletableFuture<?> call, long deadlineNanos) {
        ResponseReader r = reader;
        if (r != null && !closed) {
            r.help(call, deadlineNanos);
        }
    }

    /** Calls not started yet: those waiting in the backlog, and those each worker holds behind the one it runs. */
    @Override
    public synchronized int queued() {
        int queued = dispatcher.waiting();
        for (WorkerSlot s : slots) {
            if (s != null && s.channel() != null && s.takesCalls()) {
                queued += Math.max(0, s.channel().heldCount() - 1); // a worker runs one call; the rest wait
            }
        }
        return queued;
    }

    /** Nanoseconds each live worker took from start to ready, -1 for one not ready; for benchmarks. */
    public synchronized long[] readyAfterNanos() {
        long[] r = new long[slots.length];
        for (int i = 0; i < slots.length; i++) {
            WorkerSlot s = slots[i];
            r[i] = s == null || s.channel() == null || !s.channel().isReady() ? -1
                    : s.channel().readyNanos() - s.process().startedNanos();
        }
        return r;
    }

    /** The folder of this pool's queues, null before the first worker starts; for tests. */
    synchronized Path poolFolder() {
        return starter.folder();
    }

    /** The spawned workers in the slots, for tests. */
    synchronized List<WorkerSlot> workers() {
        return Arrays.stream(slots).filter(s -> s != null && s.process() != null).toList();
    }

    /** Process ids of the workers that take calls, for tests and benchmarks. */
    public synchronized List<Long> workerPids() {
        return Arrays.stream(slots).filter(s -> s != null && s.takesCalls()).map(WorkerSlot::pid).toList();
    }

    /** Process ids of the READY workers, for tests and benchmarks. */
    public synchronized List<Long> readyWorkerPids() {
        return Arrays.stream(slots).filter(s -> s != null && s.isReady() && s.takesCalls()).map(WorkerSlot::pid).toList();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (runState == RunState.CLOSED) {
                return;
            }
            if (runState == RunState.RUNNING) {
                runState = RunState.CLOSED;
            }
        }
        shutDown(null);
    }

    private void shutDown(Throwable fault) {
        List<WorkerSlot> workers = new ArrayList<>();
        List<PendingCall> waiting;
        ScheduledExecutorService s;
        ResponseReader r;
        synchronized (this) {
            closed = true;
            waiting = dispatcher.takeAll();
            s = supervisor;
            r = reader;
        }
        for (PendingCall call : waiting) {
            call.fail(closedBeforeFinished());
        }
        if (s != null) {
            s.shutdownNow();
            if (!isSupervisorThread()) {
                try {
                    s.awaitTermination(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (r != null) {
            r.stop();
        }
        synchronized (this) {
            for (WorkerSlot slot : slots) {
                if (slot != null) {
                    workers.add(slot);
                }
            }
        }
        for (WorkerSlot w : workers) {
            synchronized (this) {
                if (w.state() == WorkerSlot.State.STARTING || w.state() == WorkerSlot.State.READY) {
                    w.moveTo(WorkerSlot.State.RETIRING, listener, name,
                            new Retirement(Retirement.Kind.CLOSING, "the pool is closing", fault, null, 0));
                }
            }
            if (w.process() != null) {
                w.process().stop();
            }
        }
        long deadline = System.nanoTime() + STOP_NANOS;
        for (WorkerSlot w : workers) {
            if (w.process() != null && !w.process().awaitExit(deadline)) {
                w.process().kill(); // it lingers (a task that ignores its end): the parent does not wait for it
            }
        }
        long killed = System.nanoTime() + STOP_NANOS;
        for (WorkerSlot w : workers) {
            if (w.process() == null) {
                continue;
            }
            w.process().awaitExit(killed);
            for (PendingCall call : w.channel().retireHeld()) {
                call.fail(closedBeforeFinished());
            }
            w.channel().close();
        }
        Path f;
        synchronized (this) {
            f = starter.folder();
            for (WorkerSlot w : workers) {
                if (w.state() == WorkerSlot.State.RETIRING || (w.state() == WorkerSlot.State.STARTING && w.process() == null)) {
                    w.moveTo(WorkerSlot.State.GONE, listener, name, null);
                }
            }
            Arrays.fill(slots, null);
            publish();
        }
        if (f != null) {
            QueueFolder.deleteTree(f);
        }
        ProcessRuntime.closed(this);
    }

    private boolean isSupervisorThread() {
        return Thread.currentThread().getName().equals("lox-process-" + name + "-supervisor");
    }

    @Override
    public String toString() {
        return "process pool of " + name + " (" + slots.length + " workers)";
    }
}
