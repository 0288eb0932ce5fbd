package dev.lox.worker.internal;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.lox.spi.MethodRef;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The call protocol between a parent and its worker, both sides of it in one place. It knows
 * nothing of how messages travel (a {@link Transport}) or how values are encoded ({@link KryoCodec}).
 *
 * <p>A request is a header, then the call's arguments: the call's id (unique in the parent JVM,
 * never reused), the method as a small number the worker learns the first time it sees it (with
 * the method's names then), and a list of extra parts, each a tag and bytes, which a worker skips
 * if it does not know the tag: so a request can carry more (a context the caller hands on) without
 * a new header. A response is the id of the call it answers, its kind ({@link #VALUE},
 * {@link #EXCEPTION}, or {@link #READY}, the worker's first message, which answers no call), the
 * time the worker spent on the call, then the value.
 *
 * <p>The parent gives a response only to the call whose id it carries: a worker runs its calls one
 * at a time, in the order they were sent, so a response for any other call than the oldest
 * unanswered one means the stream is damaged, and the worker is replaced.
 *
 * <p>Control frames go the other way on the worker's stdin, outside the queues, so that they reach a
 * worker busy with a call: {@link #DOORBELL} (one byte: wake up, a call is queued) and
 * {@link #CANCEL} (a byte and a call id: interrupt that call if it runs, skip it if it has not
 * started).
 */
final class CallProtocol {
    static final byte VALUE = 0;
    static final byte EXCEPTION = 1;
    static final byte READY = 2;
    /** The call id of a message that answers no call (READY), or of one whose id could not be read. */
    static final long NO_CALL = -1;

    static final int DOORBELL = 1;
    static final int CANCEL = 2;

    private CallProtocol() {
    }

    /** An extra part of a request: a tag the worker knows it by, and its bytes. */
    record Part(int tag, byte[] bytes) {
    }

    /** A request's header as the worker reads it. */
    record RequestHeader(long callId, MethodRef method, List<Part> parts) {
    }

    /** A response's header as the parent reads it. */
    record ResponseHeader(long callId, byte kind, long serviceNanos) {
    }

    /**
     * Writes a request's header: {@code definition} is the method if this is the first request of
     * the method to this worker, else null.
     */
    static void writeRequestHeader(Output out, long callId, int methodId, MethodRef definition, List<Part> parts) {
        out.reset();
        out.writeLong(callId);
        out.writeVarInt(methodId, true);
        out.writeBoolean(definition != null);
        if (definition != null) {
            out.writeString(definition.className());
            out.writeString(definition.methodName());
            out.writeString(definition.descriptor());
            out.writeBoolean(definition.isStatic());
        }
        out.writeVarInt(parts.size(), true);
        for (Part p : parts) {
            out.writeVarInt(p.tag(), true);
            out.writeVarInt(p.bytes().length, true);
            out.writeBytes(p.bytes());
        }
    }

    /**
     * Reads a request's header. {@code methods} is the worker's table of the methods its requests
     * defined, by id; a request that defines one adds it.
     *
     * @throws IllegalStateException if the request names a method id never defined (a damaged stream)
     */
    static RequestHeader readRequestHeader(Input in, List<MethodRef> methods) {
        long callId = in.readLong();
        int methodId = in.readVarInt(true);
        MethodRef method;
        if (in.readBoolean()) {
            method = new MethodRef(in.readString(), in.readString(), in.readString(), in.readBoolean());
            while (methods.size() <= methodId) {
                methods.add(null);
            }
            methods.set(methodId, method);
        } else {
            method = methodId < methods.size() ? methods.get(methodId) : null;
            if (method == null) {
                throw new IllegalStateException("request " + callId + " names method " + methodId + ", which no request defined");
            }
        }
        int count = in.readVarInt(true);
        List<Part> parts = count == 0 ? List.of() : new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int tag = in.readVarInt(true);
            parts.add(new Part(tag, in.readBytes(in.readVarInt(true))));
        }
        return new RequestHeader(callId, method, parts);
    }

    static void writeResponseHeader(Output out, long callId, byte kind, long serviceNanos) {
        out.writeLong(callId);
        out.writeByte(kind);
        out.writeVarLong(serviceNanos, true);
    }

    static ResponseHeader readResponseHeader(Input in) {
        long callId = in.readLong();
        byte kind = in.readByte();
        if (kind != VALUE && kind != EXCEPTION && kind != READY) {
            throw new IllegalStateException("response for call " + callId + " has kind " + kind + ", which is none of lox's");
        }
        return new ResponseHeader(callId, kind, in.readVarLong(true));
    }

    /** Writes a doorbell frame; the caller flushes. */
    static void ringDoorbell(OutputStream control) throws IOException {
        control.write(DOORBELL);
    }

    /** Writes a cancel frame for {@code callId}; the caller flushes. */
    static void writeCancel(OutputStream control, long callId) throws IOException {
        byte[] frame = new byte[9];
        frame[0] = CANCEL;
        for (int i = 0; i < 8; i++) {
            frame[1 + i] = (byte) (callId >>> (56 - 8 * i));
        }
        control.write(frame);
    }

    /** What the worker does with control frames. */
    interface ControlHandler {
        void doorbell();

        void cancel(long callId);
    }

    /** Reads control frames until end of stream, which means the parent is gone. */
    static void readControl(DataInputStream in, ControlHandler handler) throws IOException {
        while (true) {
            int frame = in.read();
            if (frame < 0) {
                return;
            }
            if (frame == CANCEL) {
                handler.cancel(in.readLong());
            } else {
                handler.doorbell();
            }
        }
    }
}
