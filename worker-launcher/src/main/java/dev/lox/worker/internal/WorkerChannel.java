package dev.lox.worker.internal;

import com.esotericsoftware.kryo.io.Output;
import dev.lox.spi.MethodRef;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The parent's side of one worker's connection: its request and response {@link Transport}s, its
 * doorbell and control stream, the {@link CallProtocol} (method ids, call ids), the calls it holds
 * (sent, not yet answered) and its {@link CallWindow}.
 *
 * <p>An append that threw (a full disk fails a mapped write partway) ends the channel's sending for
 * good, but not its reading: the failed message is the last in the request queue, and the queue
 * never lets the worker read a message whose append did not complete (see {@link MessageQueue}), so
 * the worker answers every call sent before it. The channel then takes no more calls, reads on, and
 * is {@linkplain #isSpent spent} once it holds none; its owner then replaces the worker. A message
 * that cannot be read, or a response for a call other than the oldest held one, breaks the channel:
 * it reads no more responses and says why ({@link #brokenBy}); its owner replaces the worker and its
 * held calls fail. A response goes only to the call whose id it carries.
 *
 * <p>Sending is guarded by this object's lock, which {@link #retireHeld} takes too: a call is either
 * sent and held, or refused, never added after the held calls were handed back. Responses are read
 * by one thread at a time (the pool's read lock). The held calls are a linked queue with one
 * producer at a time (senders) and one consumer (the reader).
 */
final class WorkerChannel {
    private final Transport requests;
    private final Transport responses;
    private final WorkerStatusPage page;
    private final OutputStream control;
    private final DiskSpace disk;
    private final CallWindow window;
    private final String describedAs;
    /** The pool it belongs to: a caller waiting for a call sent here helps that pool's readers. */
    private final WorkerPool pool;
    /** Methods the worker has been told about, by the id its requests use; guarded by this. */
    private final Map<MethodRef, Integer> methodIds = new HashMap<>();
    private final Output header = new Output(128, -1);
    /** What each response is decoded into: responses are read by one thread at a time (see drain). */
    private final KryoCodec.Response response = new KryoCodec.Response();
    /** {@code head} is a spent node; the first held call is {@code head.next}. */
    private PendingCall head = PendingCall.spentHead();
    private PendingCall tail = head;
    private final AtomicInteger heldCount = new AtomicInteger();
    /** What this worker's responses are read with (its pool's method's loader, see ResponseLoader). */
    private final ClassLoader responseLoader;
    private volatile boolean accepting = true;
    private volatile Throwable broken;
    /** What an append threw, or null: then no call is sent again. */
    private volatile Throwable appendFailure;
    private volatile long readyNanos;
    /** When the oldest held call became the oldest: about when the worker started it. */
    private volatile long oldestSinceNanos;
    private long lastBeats = -1;
    private long lastBeatNanos;

    WorkerChannel(WorkerPool pool, Transport requests, Transport responses, WorkerStatusPage page, OutputStream control,
            DiskSpace disk, CallWindow window, ClassLoader responseLoader, String describedAs) {
        this.pool = pool;
        this.responseLoader = responseLoader;
        this.requests = requests;
        this.responses = responses;
        this.page = page;
        this.control = control;
        this.disk = disk;
        this.window = window;
        this.describedAs = describedAs;
    }

    /**
     * Why a call could not go into this channel, which takes no more calls now; the calls sent before
     * it are still answered, and the caller replaces the worker once the channel is {@linkplain #isSpent spent}.
     */
    static final class AppendFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AppendFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Sends a call, its arguments already serialized; false if this channel takes no calls (broken,
     * or its worker is being retired).
     *
     * @throws DiskSpace.QueueFolderFullException if the queue's file system has no room: nothing was
     *     written, and the channel is fine
     * @throws AppendFailedException if the append failed before the call reached the worker: the
     *     channel takes no more calls, and the call was not sent
     */
    synchronized boolean send(PendingCall call) {
        if (!takesCalls()) {
            return false;
        }
        MethodRef method = call.method();
        Integer methodId = methodIds.get(method);
        MethodRef definition = null;
        if (methodId == null) {
            methodId = methodIds.size();
            definition = method;
        }
        Object payload = call.payload();
        if (payload == null) {
            return true; // over (cancelled) before it was sent: nothing to send
        }
        byte[] body = PendingCall.bodyOf(payload);
        CallProtocol.writeRequestHeader(header, call.id(), methodId, definition, PendingCall.partsOf(payload));
        if (disk != null) {
            int serialized = header.position() + body.length;
            disk.reserve(serialized + (long) MessageQueue.FRAME_BYTES, () -> "the call of " + method.displayName() + " (" + serialized + " bytes serialized)");
        }
        call.sentTo(this);
        tail.next = call;
        tail = call;
        if (heldCount.getAndIncrement() == 0) {
            oldestSinceNanos = System.nanoTime();
        }
        try {
            requests.append(header.getBuffer(), header.position(), body, body.length);
        } catch (Throwable t) {
            appendFailure = t;
            if (call.claim(PendingCall.UNSENT)) {
                heldCount.decrementAndGet();
                throw new AppendFailedException("the request queue of " + describedAs + " failed while the call of "
                        + method.displayName() + " was appended (" + t + "), so the call was not sent", t);
            }
            // The reader took its response first: the message was whole, the call ran and has its result.
            PoolLog.say("the request queue of " + describedAs + " failed (" + t + ") after the call of " + method.displayName()
                    + " was appended whole; the call ran and has its result; the worker takes no more calls and is replaced");
            return true;
        }
        if (definition != null) {
            methodIds.put(method, methodId); // only once the definition has reached the queue
        }
        if (page.claimWakeAfterAppend()) {
            ring(false, 0);
        }
        if (call.call.isCancelled()) {
            cancel(call.id()); // cancelled while it was being sent, before it knew its channel
        }
        return true;
    }

    /** Asks the worker to interrupt (or skip) a call: a frame on its stdin, read even while it runs a call. */
    void cancel(long callId) {
        ring(true, callId);
    }

    private void ring(boolean cancel, long callId) {
        synchronized (control) {
            try {
                if (cancel) {
                    CallProtocol.writeCancel(control, callId);
                } else {
                    CallProtocol.ringDoorbell(control);
                }
                control.flush();
            } catch (IOException e) {
                // the worker is gone: its exit is seen by the pool's supervision
            }
        }
    }

    /**
     * Reads up to {@code max} responses and completes their calls; returns how many it read. Anything
     * thrown by the transport or the decoding breaks the channel (see {@link #brokenBy}) and ends the read.
     */
    int drain(MessageBuffer buffer, int max) {
        int n = 0;
        try {
            while (n < max && broken == null) {
                int length = responses.poll(buffer);
                if (length < 0) {
                    break;
                }
                n++;
                KryoCodec.Response r = KryoCodec.decodeResponse(buffer.array(), length, responseLoader, response);
                Object value = r.value();
                r.clear();
                buffer.trim();
                if (r.kind() == KryoCodec.READY) {
                    readyNanos = System.nanoTime();
                    continue;
                }
                window.answered(r.serviceNanos());
                PendingCall call = take(r.callId());
                if (call == null) {
                    continue;
                }
                if (r.kind() == KryoCodec.VALUE) {
                    call.complete(value);
                } else {
                    call.fail((Throwable) value);
                }
            }
        } catch (Throwable t) {
            broken = t;
        }
        if (n > 0) {
            window.resize();
        }
        return n;
    }

    /**
     * The held call a response answers: the oldest one sent, which must carry the response's id. A
     * response for a later held call is given to that call and breaks the channel (the worker skipped
     * calls); one for no held call is dropped and breaks it, unless it answers the call whose append
     * failed (the last one sent), whose caller was told it was not sent: that is dropped and said.
     */
    private PendingCall take(long callId) {
        PendingCall first = head.next;
        while (first != null && first.unsent()) {
            head = first;
            if (first.id() == callId) {
                PoolLog.say(describedAs + " answered " + first + ", whose append had failed after the message was"
                        + " written whole: the call ran there, though its caller was told it was not sent; the answer was dropped");
                return null;
            }
            first = first.next;
        }
        if (first != null && first.id() == callId && first.claim(PendingCall.ANSWERED)) {
            head = first;
            heldCount.decrementAndGet();
            oldestSinceNanos = System.nanoTime();
            return first;
        }
        if (first != null && first.unsent()) {
            return take(callId); // its append failed just now: looked at again as such
        }
        long expected = first == null ? CallProtocol.NO_CALL : first.id();
        for (PendingCall h = first; h != null; h = h.next) {
            if (!h.unsent() && h.id() == callId) {
                broken = new IllegalStateException(describedAs + " answered call " + callId + " while call " + expected
                        + " was the oldest it held");
                return h; // its own response; the calls it skipped fail with the channel
            }
        }
        broken = new IllegalStateException(describedAs + " sent a response for call " + callId + ", which it does not hold"
                + (expected == CallProtocol.NO_CALL ? " (it holds none)" : " (the oldest it holds is call " + expected + ")")
                + "; the response was dropped");
        return null;
    }

    /** Stops taking calls and hands back the calls still held, oldest first, answered ones left out. */
    synchronized List<PendingCall> retireHeld() {
        accepting = false;
        List<PendingCall> calls = new ArrayList<>();
        for (PendingCall next = head.next; next != null; next = next.next) {
            if (!next.unsent()) {
                calls.add(next);
            }
        }
        // A fresh head: the calls handed back may be sent on another channel, which relinks them.
        head = PendingCall.spentHead();
        tail = head;
        heldCount.set(0);
        return calls;
    }

    /** Stops taking calls (its worker is being retired); what it holds stays held until {@link #retireHeld}. */
    void refuseCalls() {
        accepting = false;
    }

    WorkerPool pool() {
        return pool;
    }

    /** What broke this channel, or null. */
    Throwable brokenBy() {
        return broken;
    }

    boolean takesCalls() {
        return accepting && broken == null && appendFailure == null;
    }

    /** What an append to the request queue threw, or null; then the channel takes no more calls. */
    Throwable appendFailure() {
        return appendFailure;
    }

    /**
     * Whether its worker has nothing left to do: an append failed, so it takes no more calls, and
     * every call sent before was answered (or the channel broke).
     */
    boolean isSpent() {
        return appendFailure != null && (heldCount.get() == 0 || broken != null);
    }

    boolean isReady() {
        return readyNanos != 0;
    }

    long readyNanos() {
        return readyNanos;
    }

    int heldCount() {
        return heldCount.get();
    }

    /** How many more calls this worker may be sent now (its window less what it holds); may be negative. */
    int room() {
        return window.size() - heldCount.get();
    }

    /** The oldest held call, which the worker is running (or about to), or null. */
    PendingCall oldestHeld() {
        for (PendingCall h = head.next; h != null; h = h.next) {
            if (!h.unsent()) {
                return h;
            }
        }
        return null;
    }

    /** Since when the oldest held call has been the oldest ({@link System#nanoTime}): about when it started. */
    long oldestSinceNanos() {
        return Math.max(oldestSinceNanos, readyNanos);
    }

    /**
     * Nanoseconds since the worker's heartbeat last moved, as seen by calls of this method (by the
     * reader, one thread); 0 the first time.
     */
    long sinceLastBeat(long now) {
        long beats = page.beats();
        if (beats != lastBeats) {
            lastBeats = beats;
            lastBeatNanos = now;
        }
        return now - lastBeatNanos;
    }

    /** Unmaps the queues and the page. */
    void close() {
        try {
            requests.close();
        } catch (Throwable t) {
            // a broken queue may fail to close too; the folder is deleted anyway
        }
        try {
            responses.close();
        } catch (Throwable t) {
            // as above
        }
        page.close();
    }

    @Override
    public String toString() {
        return describedAs;
    }
}
