package dev.lox.worker.internal;

import dev.lox.internal.WorkerContext;
import dev.lox.internal.Descriptors;
import dev.lox.spi.MethodRef;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A worker JVM's main loop: read a call from the request queue, run it, append its result or
 * exception to the response queue, one call at a time, in order.
 *
 * <p>The worker runs without the agent: its classes are not instrumented, so a parallel method runs
 * its body here instead of scattering again.
 *
 * <p>It exits by itself, within a second, when its parent JVM dies however it dies: its stdin is a
 * pipe from the parent, which the kernel closes when the parent goes (even on SIGKILL), and a daemon
 * thread halts the worker on end of file; the parent's process handle is also watched, for a parent
 * that handed stdin to another process.
 *
 * <p>Arguments: {@code <parent pid> <pool folder> <worker folder> <max message bytes>}.
 */
public final class WorkerMain {
    /** Exit code of a worker that refused its queue folder. */
    static final int REFUSED = 2;
    /** Exit code of a worker whose main loop failed outside a task. */
    static final int CRASHED = 70;
    /** Exit code of a worker whose task ran out of memory, as -XX:+ExitOnOutOfMemoryError uses. */
    static final int OUT_OF_MEMORY = 3;

    private final Map<MethodRef, Executable> methods = new HashMap<>();
    /** The methods the parent defined in this worker's requests, by id. */
    private final java.util.List<MethodRef> methodTable = new java.util.ArrayList<>();
    private MethodRef lastRef;
    private Executable lastTarget;
    private final Transport requests;
    private final Transport responses;

    private final DiskSpace disk;
    /** A result over this size is sent only when the disk has room for it, else an exception saying so is (docs/process.md, "Disk full"). */
    private static final int DISK_CHECKED_BYTES = 64 * 1024;
    /** Responses up to this size fit a message and need no disk check: serve's common path skips both. */
    private final long largeResponseBytes;
    private final Thread mainThread = Thread.currentThread();
    /** The call being run, or {@link CallProtocol#NO_CALL}; guarded by this. */
    private long runningCall = CallProtocol.NO_CALL;
    /** Calls the parent cancelled, to skip if they have not started. */
    private final java.util.Set<Long> cancelled = new java.util.HashSet<>(); // guarded by this

    private WorkerMain(Transport requests, Transport responses, DiskSpace disk) {
        this.requests = requests;
        this.responses = responses;
        this.disk = disk;
        this.largeResponseBytes = Math.min(DISK_CHECKED_BYTES, responses.maxMessageBytes());
    }

    /** Control frames from the parent, read on the stdin thread; the main loop registers itself once it runs. */
    private static final class Control implements CallProtocol.ControlHandler {
        volatile Backoff doorbell;
        volatile WorkerMain main;

        @Override
        public void doorbell() {
            Backoff b = doorbell;
            if (b != null) {
                b.wake();
            }
        }

        @Override
        public void cancel(long callId) {
            WorkerMain m = main;
            if (m != null) {
                m.cancel(callId);
            }
        }
    }

    private static final Control CONTROL = new Control();

    /** Interrupts the call if it runs; else remembers to skip it when it comes (see the comment below for a call that already ended). */
    private synchronized void cancel(long callId) {
        if (runningCall == callId) {
            mainThread.interrupt();
        } else {
            cancelled.add(callId); // a cancel that comes after its call ended stays here, unused: rare and small
        }
    }

    private synchronized boolean begin(long callId) {
        if (!cancelled.isEmpty() && cancelled.remove(callId)) {
            return false;
        }
        runningCall = callId;
        return true;
    }

    private synchronized void end(long callId) {
        runningCall = CallProtocol.NO_CALL;
        Thread.interrupted(); // an interrupt meant for this call must not reach the next one
    }

    /** Beats the heartbeat every {@value WorkerStatusPage#BEAT_MILLIS} ms, from a daemon thread, until the JVM ends. */
    private static void heartbeat(WorkerStatusPage page) {
        Thread t = new Thread(() -> {
            while (true) {
                page.beat();
                try {
                    Thread.sleep(WorkerStatusPage.BEAT_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "lox-worker-heartbeat");
        t.setDaemon(true);
        t.start();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("lox worker: expected <parent pid> <pool folder> <worker folder> <max message bytes>, got "
                    + Arrays.toString(args) + "; workers are started by lox's process pools, not by hand");
            System.exit(REFUSED);
        }
        WorkerTimeline timeline = new WorkerTimeline();
        WorkerWarmUp.start(); // first: it runs beside everything below, up to the READY message
        long parentPid = Long.parseLong(args[0]);
        Path poolFolder = Paths.get(args[1]);
        Path workerFolder = Paths.get(args[2]);
        long maxMessage = Long.parseLong(args[3]);
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty()) {
            System.exit(0); // the parent is already gone
        }
        // Yield for 50 µs after a call (a busy caller's next call is microseconds away), then park:
        // spinning instead would, on a machine whose cores are busy, keep the CPU from the parent
        // that is about to send the next call. The parent's doorbell ends a park at once.
        Backoff backoff = new Backoff(0, TimeUnit.MICROSECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(10));
        watchParent(parent.get(), backoff);
        try {
            QueueFolder.checkTrusted(poolFolder);
            QueueFolder.checkTrusted(workerFolder);
            if (!workerFolder.toAbsolutePath().normalize().startsWith(poolFolder.toAbsolutePath().normalize())) {
                throw new IOException("worker folder " + workerFolder + " is not inside pool folder " + poolFolder);
            }
        } catch (IOException e) {
            System.err.println("lox worker: " + e.getMessage());
            System.exit(REFUSED);
        }
        timeline.step("folders checked");
        try {
            WorkerStatusPage page = WorkerStatusPage.open(workerFolder.resolve("status"));
            heartbeat(page);
            timeline.step("status page");
            Transport requests = Channels.open(MessageQueue::open, workerFolder.resolve("requests"), maxMessage, true);
            timeline.step("request queue open");
            Transport responses = Channels.open(MessageQueue::open, workerFolder.resolve("responses"), maxMessage, false);
            timeline.step("response queue open");
            WorkerMain main = new WorkerMain(requests, responses, new DiskSpace(workerFolder));
            CONTROL.main = main;
            main.run(parent.get(), backoff, page, timeline);
        } catch (Throwable t) {
            // The loop died outside a task (an OutOfMemoryError encoding a result, a queue fault).
            // A thread the task started could keep this JVM alive serving nothing, and the parent
            // would wait for its calls forever: halt, so the parent sees the exit and reports it
            // (WorkerCrashedException with this line) instead.
            System.err.println("lox worker: stopped by " + t);
            t.printStackTrace();
            System.err.flush();
            Runtime.getRuntime().halt(CRASHED);
        }
    }

    /**
     * Halts this JVM as soon as the parent is gone, by either sign; and wakes the main loop when the
     * parent rings (writes a byte to stdin after sending a call to a worker it believes idle), so an
     * idle worker can park for long without making the next call wait.
     */
    private static void watchParent(ProcessHandle parent, Backoff doorbell) {
        CONTROL.doorbell = doorbell;
        Thread stdin = new Thread(() -> {
            try {
                CallProtocol.readControl(new java.io.DataInputStream(new java.io.BufferedInputStream(System.in, 64)), CONTROL);
            } catch (IOException e) {
                // a broken pipe means the same as end of file
            } catch (Throwable t) {
                System.err.println("lox worker: its control stream failed: " + t);
                Runtime.getRuntime().halt(CRASHED);
            }
            Runtime.getRuntime().halt(0);
        }, "lox-worker-parent-watch");
        stdin.setDaemon(true);
        stdin.start();
        parent.onExit().thenRun(() -> Runtime.getRuntime().halt(0));
    }

    private void run(ProcessHandle parent, Backoff backoff, WorkerStatusPage parked, WorkerTimeline timeline) {
        MessageBuffer buffer = new MessageBuffer();
        byte[] ready = KryoCodec.encodeReady();
        timeline.step("READY encoded");
        responses.append(ready, ready.length, NO_BYTES, 0);
        timeline.step("READY sent");
        timeline.print();
        long lastParentCheck = System.nanoTime();
        while (true) {
            int length = requests.poll(buffer);
            if (length < 0 && backoff.willPark()) {
                parked.setParked(true); // then look once more: a call appended before the parent saw the flag
                length = requests.poll(buffer);
                if (length < 0) {
                    backoff.pause();
                }
                parked.setParked(false);
            }
            if (length >= 0) {
                long start = System.nanoTime();
                serve(KryoCodec.decodeRequest(buffer.array(), length, methodTable), start);
                buffer.trim();
                backoff.reset();
                continue;
            }
            if (!backoff.willPark()) {
                backoff.pause();
            }
            long now = System.nanoTime();
            if (now - lastParentCheck > 200_000_000L) {
                lastParentCheck = now;
                if (!parent.isAlive()) {
                    Runtime.getRuntime().halt(0);
                }
            }
        }
    }

    /** Runs a call read at {@code start} ({@link System#nanoTime}) and appends its response. */
    private void serve(KryoCodec.Request request, long start) {
        byte kind;
        Object value;
        if (!begin(request.callId())) {
            kind = KryoCodec.EXCEPTION;
            value = new java.util.concurrent.CancellationException("cancelled before it started");
        } else if (request.failure() != null) {
            kind = KryoCodec.EXCEPTION;
            value = request.failure();
        } else {
            try {
                if (request.parts().isEmpty()) {
                    value = invoke(request.method(), request.arguments()); // nothing carried: no context to set
                } else {
                    value = WorkerContext.callWith(KryoCodec.decodeCarried(request.parts()), ClassLoader.getSystemClassLoader(),
                            () -> invoke(request.method(), request.arguments())); // the parent's context, for the call only
                }
                kind = KryoCodec.VALUE;
            } catch (OutOfMemoryError e) {
                dieOfOutOfMemory(request, e);
                return;
            } catch (Throwable t) {
                value = t;
                kind = KryoCodec.EXCEPTION;
            } finally {
                end(request.callId());
            }
        }
        // Reading the arguments and running the call: what the parent's window for this worker is sized by.
        long serviceNanos = System.nanoTime() - start;
        MethodRef method = request.method() != null ? request.method() : new MethodRef("?", "?", "()V", true);
        byte[] response = KryoCodec.encodeResponse(request.callId(), method, kind, serviceNanos, value);
        if (response.length > largeResponseBytes) {
            response = checkLarge(request.callId(), method, kind, serviceNanos, response);
        }
        responses.append(response, response.length, NO_BYTES, 0);
    }

    // The rare paths of serve, kept out of it: a worker's first burst runs serve interpreted, then
    // compiled, and a smaller method is compiled sooner.

    /** The heap may be in any state: says what happened where the parent collects it (the last stderr lines of a WorkerCrashedException), and dies to be replaced. */
    private static void dieOfOutOfMemory(KryoCodec.Request request, OutOfMemoryError e) {
        System.err.println("lox worker: " + e + " while running " + request.method().displayName()
                + "; this worker JVM exits and is replaced (give workers more heap with -Dlox.process.jvmArgs=-Xmx...)");
        System.err.flush();
        Runtime.getRuntime().halt(OUT_OF_MEMORY);
    }

    /** A response over {@link #largeResponseBytes}: over the message limit, or with no room for it on the disk, it becomes the call's failure saying so. */
    private byte[] checkLarge(long callId, MethodRef method, byte kind, long serviceNanos, byte[] response) {
        if (response.length > responses.maxMessageBytes()) {
            response = KryoCodec.encodeResponse(callId, method, KryoCodec.EXCEPTION, serviceNanos, new IllegalStateException(
                    "the " + (kind == KryoCodec.VALUE ? "result" : "exception") + " of " + method.displayName() + " is "
                    + response.length + " bytes serialized, more than the limit of " + responses.maxMessageBytes()
                    + " bytes a message may have; raise it with -Dlox.process.maxMessageBytes in the parent JVM"));
        }
        if (response.length > DISK_CHECKED_BYTES) {
            try {
                int serialized = response.length;
                disk.reserve(serialized, () -> "the result of " + method.displayName() + " (" + serialized + " bytes serialized)");
            } catch (DiskSpace.QueueFolderFullException e) {
                response = KryoCodec.encodeResponse(callId, method, KryoCodec.EXCEPTION, serviceNanos,
                        new IllegalStateException(e.getMessage().replace("nothing was sent", "the result was not sent")));
            }
        }
        return response;
    }

    private static final byte[] NO_BYTES = new byte[0];

    private Object invoke(MethodRef ref, Object[] args) throws Throwable {
        Executable target;
        if (ref == lastRef) { // the same method as the last call: skip hashing its three strings
            target = lastTarget;
        } else {
            target = methods.computeIfAbsent(ref, WorkerMain::resolve);
            lastRef = ref;
            lastTarget = target;
        }
        return call(target, ref, args);
    }

    /** Runs {@code target}, as {@code ref} names it, in this JVM: a worker's call, or a cluster member's. */
    static Object call(Executable target, MethodRef ref, Object[] args) throws Throwable {
        try {
            Object result;
            if (target instanceof Method m) {
                if (ref.isStatic()) {
                    result = m.invoke(null, args);
                } else {
                    result = m.invoke(args[0], Arrays.copyOfRange(args, 1, args.length));
                }
            } else {
                result = ((Constructor<?>) target).newInstance(args);
            }
            if (result instanceof Future<?> future) {
                try {
                    result = future.get();
                } catch (ExecutionException e) {
                    throw e.getCause() == null ? e : e.getCause();
                }
            }
            return result;
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static Executable resolve(MethodRef ref) {
        ClassLoader loader = ClassLoader.getSystemClassLoader();
        Executable found = Descriptors.findMethod(ref, loader);
        if (found == null) {
            found = findConstructor(ref, loader);
        }
        found.setAccessible(true);
        return found;
    }

    private static Constructor<?> findConstructor(MethodRef ref, ClassLoader loader) {
        try {
            Class<?> owner = Class.forName(ref.className(), false, loader);
            for (Constructor<?> c : owner.getDeclaredConstructors()) {
                if (MethodType.methodType(void.class, c.getParameterTypes()).toMethodDescriptorString().equals(ref.descriptor())) {
                    return c;
                }
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("class " + ref.className() + " is not on the worker's class path", e);
        }
        throw new IllegalArgumentException("no constructor " + ref.descriptor() + " in " + ref.className());
    }
}
