package dev.lox.worker.internal;

import dev.lox.spi.MethodRef;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * A call of a process pool until it is answered: what is sent (its id, method, serialized arguments
 * and extra parts), where it is (waiting in the pool, or sent on a channel), and the channel's claim
 * on it. Its {@link ProcessCall} (the future the caller holds) points to it until the call is over,
 * then lets go: an answered call the caller has not gathered yet keeps only the future's own fields.
 *
 * <p>Why two objects: every call in a burst is live until it is gathered, and a young GC copies them
 * all. What a call must keep while it is held (to be re-sent when its worker is replaced before
 * running it, to be interrupted, to settle a failed append once) is needed only until it is answered;
 * kept in the future, it was copied for every answered call too (issue #9, docs/benchmarks-process.md).
 * The fields are folded so that this object is 48 bytes (compressed pointers): the pool and the
 * channel share one field, the extra parts (rare) ride with the arguments, and the cancel time
 * shares the claim's word.
 *
 * <p>A channel links the calls it holds through {@link #next}, one sender at a time (under the
 * channel's lock) and one reader ({@link WorkerChannel}).
 */
final class PendingCall {
    /** Claim states: held (or waiting); a positive value is held too, and cancelled with interruption at that {@link System#nanoTime}. */
    private static final long HELD = 0;
    /** Claimed by the reader: its response was read. */
    static final long ANSWERED = -1;
    /** Claimed by the sender: its append failed, so it was not sent. */
    static final long UNSENT = -2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PendingCall.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The future; null only in a channel's spent head node. */
    final ProcessCall call;
    private final long id;
    private final MethodRef method;
    /**
     * The serialized arguments ({@code byte[]}), or a {@link WithParts} when the call carries extra
     * parts (a context); null once the call is over (a 64 MiB argument must not outlive its call).
     */
    private volatile Object payload;
    /** The pool while the call waits to be sent, then the channel it was last sent on. */
    private volatile Object at;
    /** The next call its channel holds. */
    volatile PendingCall next;
    private volatile long state;

    /** A call's arguments with its extra parts: an object a call only when it carries any. */
    private record WithParts(byte[] body, List<CallProtocol.Part> parts) {
    }

    PendingCall(WorkerPool pool, long id, MethodRef method, byte[] body, List<CallProtocol.Part> parts) {
        this.id = id;
        this.method = method;
        this.payload = parts.isEmpty() ? body : new WithParts(body, parts);
        this.at = pool;
        this.call = new ProcessCall(this); // last: the future is this call's from its start
    }

    private PendingCall() {
        this.call = null;
        this.id = CallProtocol.NO_CALL;
        this.method = null;
        this.state = ANSWERED;
    }

    /** The node a channel's queue starts from, standing for the calls already answered. */
    static PendingCall spentHead() {
        return new PendingCall();
    }

    long id() {
        return id;
    }

    MethodRef method() {
        return method;
    }

    /** What is sent (read once: see {@link #bodyOf}, {@link #partsOf}), or null once the call is over. */
    Object payload() {
        return payload;
    }

    static byte[] bodyOf(Object payload) {
        return payload instanceof WithParts w ? w.body() : (byte[]) payload;
    }

    static List<CallProtocol.Part> partsOf(Object payload) {
        return payload instanceof WithParts w ? w.parts() : List.of();
    }

    /** The call is over (its future completed or cancelled): its arguments are let go. */
    void over() {
        payload = null;
    }

    /** Called by the channel it is sent on, before its message is appended. */
    void sentTo(WorkerChannel channel) {
        next = null; // a call moved off a replaced worker comes with the link of its old queue
        at = channel;
    }

    /** The pool it belongs to, whose readers a waiting caller helps. */
    WorkerPool pool() {
        Object where = at;
        return where instanceof WorkerChannel c ? c.pool() : (WorkerPool) where;
    }

    /** Asks the worker it was sent to, if any, to interrupt it (its future was cancelled with interruption). */
    void interrupt() {
        if (at instanceof WorkerChannel c) {
            STATE.compareAndSet(this, HELD, Math.max(1, System.nanoTime()));
            c.cancel(id);
        }
    }

    /** When it was cancelled with interruption while held ({@link System#nanoTime}), or 0. */
    long cancelledNanos() {
        return Math.max(0, state);
    }

    /**
     * Moves a held call to {@link #ANSWERED} (by the reader, its response) or {@link #UNSENT} (by the
     * sender, its append failed), whichever comes first; false if it was claimed already. Settled
     * once because a fast worker may answer a call whose append then throws after the message was
     * written whole.
     */
    boolean claim(long to) {
        while (true) {
            long s = state;
            if (s < 0) {
                return false;
            }
            if (STATE.compareAndSet(this, s, to)) {
                return true;
            }
        }
    }

    boolean unsent() {
        return state == UNSENT;
    }

    boolean isDone() {
        return call.isDone();
    }

    void complete(Object value) {
        call.complete(value);
    }

    void fail(Throwable failure) {
        call.completeExceptionally(failure);
    }

    @Override
    public String toString() {
        return "call " + id + " of " + method.displayName();
    }
}
