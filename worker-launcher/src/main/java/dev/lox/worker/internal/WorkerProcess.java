package dev.lox.worker.internal;

import com.esotericsoftware.kryo.io.Output;
import dev.lox.WorkerCrashedException;
import dev.lox.spi.MethodRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One worker JVM as its parent sees it: the process, its request and response queues, the calls it
 * holds (sent, not yet answered), and its {@link CallWindow}: how many calls it may hold.
 *
 * <p>Sending is guarded by this object's lock, which is also what {@link #retire()} takes: a call is
 * either sent to a live worker and held by it, or refused so the pool sends it elsewhere; a call can
 * never be added to a worker whose held calls have already been failed. Responses are read by the
 * pool's one reader thread.
 */
final class WorkerProcess {
    private final String name;
    private final Path folder;
    private final MessageQueue requests;
    private final MessageQueue responses;
    private final ParkedFlag parked;
    private final Process process;
    private final StderrTail stderr;
    /**
     * The calls sent and not yet answered, in the order they were sent, which is the order the
     * worker answers them in (it runs one call at a time): a linked queue with one producer at a
     * time (senders hold this object's lock) and one consumer (whoever holds the pool's read lock).
     * {@code head} is a spent node; the first held call is {@code head.next}.
     */
    private Held head = new Held(-1, null);
    private Held tail = head;
    /** Methods this worker has been told about, by the id its requests use; guarded by this. */
    private final Map<MethodRef, Integer> methodIds = new HashMap<>();
    private final Output header = new Output(128, -1);
    private final AtomicInteger heldCount = new AtomicInteger();
    private final CallWindow window;
    private final long startedNanos = System.nanoTime();
    private volatile long readyNanos;
    private volatile boolean accepting = true;
    private volatile boolean exited;
    /** What this worker's responses are read with (its pool's method's loader, see ResponseLoader); set by start. */
    private volatile ClassLoader responseLoader;

    private WorkerProcess(String name, Path folder, MessageQueue requests, MessageQueue responses, ParkedFlag parked,
            Process process, CallWindow window) {
        this.name = name;
        this.window = window;
        this.parked = parked;
        this.folder = folder;
        this.requests = requests;
        this.responses = responses;
        this.process = process;
        this.stderr = new StderrTail(process.getErrorStream(), "lox-worker-stderr-" + process.pid(), System.err);
    }

    /**
     * Creates the worker's queues, then starts its JVM. Calls may be sent at once: they wait in the
     * request queue until the worker is up.
     */
    static WorkerProcess start(WorkerCommand command, String name, Path poolFolder, Path folder, long maxMessageBytes,
            CallWindow window, Runnable onExit) throws IOException {
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        MessageQueue requests = MessageQueue.open(folder.resolve("requests"), maxMessageBytes, false);
        MessageQueue responses = MessageQueue.open(folder.resolve("responses"), maxMessageBytes, true);
        ParkedFlag parked = null;
        Process process;
        try {
            parked = ParkedFlag.open(folder.resolve("parked"));
            process = command.builder(ProcessHandle.current().pid(), poolFolder, folder, maxMessageBytes).start();
        } catch (IOException | RuntimeException e) {
            requests.close();
            responses.close();
            if (parked != null) {
                parked.close();
            }
            throw e;
        }
        WorkerProcess worker = new WorkerProcess(name, folder, requests, responses, parked, process, window);
        worker.responseLoader = command.responseLoader();
        process.onExit().thenRun(() -> {
            worker.exited = true;
            onExit.run();
        });
        return worker;
    }

    /** Sends a call, its arguments already serialized; false if this worker no longer takes calls (it died or is closing). */
    synchronized boolean send(long callId, MethodRef method, CompletableFuture<Object> future, byte[] body) {
        if (!accepting || hasExited()) { // never to a worker known to be gone, even before the reader retires it
            return false;
        }
        Integer methodId = methodIds.get(method);
        MethodRef definition = null;
        if (methodId == null) {
            methodId = methodIds.size();
            methodIds.put(method, methodId);
            definition = method;
        }
        KryoCodec.writeHeader(header, callId, methodId, definition);
        Held call = new Held(callId, future);
        tail.next = call;
        tail = call;
        heldCount.incrementAndGet();
        try {
            requests.append(header.getBuffer(), header.position(), body, body.length);
            if (parked.isSetAfterAppend()) {
                ringDoorbell();
            }
        } catch (RuntimeException | Error e) {
            call.unsent = true; // never reached the worker: no response will come for it
            heldCount.decrementAndGet();
            throw e;
        }
        return true;
    }

    /** A call held by the worker. */
    private static final class Held {
        final long id;
        final CompletableFuture<Object> future;
        volatile Held next;
        volatile boolean unsent;

        Held(long id, CompletableFuture<Object> future) {
            this.id = id;
            this.future = future;
        }
    }

    /** The held call a response answers: the first one sent that reached the worker. */
    private CompletableFuture<Object> take(long callId) {
        if (!holdsSent(callId)) {
            // A response whose call id could not be read (a garbled message carries -1). A worker
            // answers in order, so it is the oldest sent call's: that call gets the response (its
            // decoding failure), and the calls behind it go on.
            Held oldest = oldestSent();
            if (oldest == null) {
                return null;
            }
            callId = oldest.id;
        }
        for (Held next = head.next; next != null; next = head.next) {
            head = next;
            if (next.unsent) {
                continue;
            }
            if (next.id == callId) {
                heldCount.decrementAndGet();
                return next.future;
            }
            // Cannot happen (a worker answers in order); fail the call rather than leave it waiting.
            heldCount.decrementAndGet();
            next.future.completeExceptionally(new IllegalStateException("lox: worker " + process.pid()
                    + " answered call " + callId + " before call " + next.id + "; please report this"));
        }
        return null;
    }

    private boolean holdsSent(long callId) {
        for (Held h = head.next; h != null; h = h.next) {
            if (!h.unsent && h.id == callId) {
                return true;
            }
        }
        return false;
    }

    private Held oldestSent() {
        for (Held h = head.next; h != null; h = h.next) {
            if (!h.unsent) {
                return h;
            }
        }
        return null;
    }

    /**
     * Wakes a parked worker: one byte on its stdin, which its watcher thread turns into an unpark.
     */
    private void ringDoorbell() {
        try {
            var stdin = process.getOutputStream();
            stdin.write(1);
            stdin.flush();
        } catch (IOException e) {
            // the worker is gone: its exit is handled by the reader
        }
    }

    /** Reads up to {@code max} responses and completes their calls; returns how many it read. */
    int drain(MessageQueue.Buffer buffer, int max) {
        int n = 0;
        while (n < max) {
            int length = responses.poll(buffer);
            if (length < 0) {
                break;
            }
            n++;
            KryoCodec.Response r = KryoCodec.decodeResponse(buffer.array(), length, responseLoader);
            buffer.trim();
            if (r.kind() == KryoCodec.READY) {
                readyNanos = System.nanoTime();
                continue;
            }
            window.answered(r.serviceNanos());
            CompletableFuture<Object> future = take(r.callId());
            if (future == null) {
                continue; // failed already (the pool was closed)
            }
            if (r.kind() == KryoCodec.VALUE) {
                future.complete(r.value());
            } else {
                future.completeExceptionally((Throwable) r.value());
            }
        }
        if (n > 0) {
            window.resize();
        }
        return n;
    }

    /** Stops taking calls and hands back the calls still held, to be failed. */
    synchronized List<CompletableFuture<Object>> retire() {
        accepting = false;
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (Held next = head.next; next != null; next = next.next) {
            if (!next.unsent) {
                calls.add(next.future);
            }
            head = next;
        }
        heldCount.set(0);
        return calls;
    }

    /** After the process exited and its responses were read: fails what it still held. */
    void failHeld(String poolName) {
        List<CompletableFuture<Object>> calls = retire();
        List<String> lines = lastStderrLines();
        int exitCode = exitCode();
        for (CompletableFuture<Object> call : calls) {
            call.completeExceptionally(new WorkerCrashedException("worker JVM " + process.pid() + " of " + poolName
                    + " died while it held this call", exitCode, lines));
        }
    }

    /** The last lines an exited worker wrote to stderr. */
    List<String> lastStderrLines() {
        // Briefly: the pipe stays open while a child the worker forked lives on, and the reader waits
        // here holding the pool's read lock. What the worker itself wrote is in by now or very soon.
        return stderr.lines(100);
    }

    /** The exit code of an exited worker. */
    int exitCode() {
        return process.exitValue();
    }

    /**
     * Tells the worker to end, without waiting: closing its stdin tells it its parent is done. The
     * pool tells all its workers first and then {@linkplain #awaitExit waits} for them together.
     */
    void stop() {
        accepting = false;
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Waits until the process has exited or {@code deadlineNanos} ({@link System#nanoTime}) has passed; true if it exited. */
    boolean awaitExit(long deadlineNanos) {
        try {
            return process.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller kills it; later waits return at once
            return !process.isAlive();
        }
    }

    /** Kills a worker that did not end when told to. */
    void kill() {
        process.destroyForcibly();
    }

    /** Unmaps the queues and deletes the worker's folder. */
    void release() {
        requests.close();
        responses.close();
        parked.close();
        QueueFolder.deleteTree(folder);
    }

    int heldCount() {
        return heldCount.get();
    }

    /** How many more calls this worker may be sent now (its window less what it holds); may be negative. */
    int room() {
        return window.size() - heldCount.get();
    }

    boolean isAccepting() {
        return accepting;
    }

    /**
     * Whether the process has exited. Asks the process too: the exit callback that sets the flag
     * runs a little after the exit, and a call sent in between would be lost to a dead worker.
     */
    boolean hasExited() {
        return exited || !process.isAlive();
    }

    /** Whether the worker ever said it was up: a worker that dies before that is not restarted at once. */
    boolean wasReady() {
        return readyNanos != 0;
    }

    /** Nanoseconds from start to ready, or -1 if not ready yet. */
    long readyAfterNanos() {
        long r = readyNanos;
        return r == 0 ? -1 : r - startedNanos;
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    @Override
    public String toString() {
        return name + " worker pid " + process.pid();
    }
}
