package dev.lox.worker.internal;

import com.esotericsoftware.kryo.io.Output;
import dev.lox.internal.WorkerContext;
import dev.lox.spi.MethodRef;
import java.lang.reflect.Executable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Process mode's codec and call protocol for another transport: a call as one self-contained
 * message (the {@link CallProtocol} request header, always with the method's names, then the
 * arguments as {@link KryoCodec} encodes them), run where it arrives as a worker runs it, and its
 * response read back. Public for lox-cluster, which sends these messages to cluster members; it adds
 * nothing to the format, so the two transports cannot drift apart.
 */
public final class CallCodec {
    /** Each member method resolved once: several calls run at once on a member, so the map is concurrent. */
    private static final Map<MethodRef, Executable> METHODS = new ConcurrentHashMap<>();

    private CallCodec() {
    }

    /** A call's result as the caller reads it: its value, or the exception it threw (as itself). */
    public record Result(long callId, boolean isException, Object value) {
    }

    /**
     * One call as a message, encoded before this returns.
     *
     * @param carried the context carried into the call, by name; empty for none
     * @throws IllegalArgumentException naming the argument (or carried value) and its type, if one
     *     cannot be serialized; nothing is sent
     */
    public static byte[] request(long callId, MethodRef method, Object[] arguments, Map<String, Object> carried) {
        byte[] body = KryoCodec.encodeArguments(method, arguments);
        List<CallProtocol.Part> parts = carried.isEmpty() ? List.of() : List.of(KryoCodec.encodeCarried(method, carried));
        Output head = new Output(64, -1);
        CallProtocol.writeRequestHeader(head, callId, 0, method, parts);
        byte[] all = Arrays.copyOf(head.getBuffer(), head.position() + body.length);
        System.arraycopy(body, 0, all, head.position(), body.length);
        return all;
    }

    /**
     * Runs a call message in this JVM, as a worker runs its calls (the method resolved with the
     * system class loader, the carried context set for the call only), and returns its response
     * message: the value, or the exception the call threw.
     *
     * @throws IllegalStateException if the message's header cannot be read (no call can be answered)
     */
    public static byte[] serve(byte[] message) {
        long start = System.nanoTime();
        KryoCodec.Request request = KryoCodec.decodeRequest(message, message.length, new ArrayList<>());
        byte kind;
        Object value;
        if (request.failure() != null) {
            kind = KryoCodec.EXCEPTION;
            value = request.failure();
        } else {
            try {
                Executable target = METHODS.computeIfAbsent(request.method(), WorkerMain::resolve);
                value = WorkerContext.callWith(KryoCodec.decodeCarried(request.parts()), ClassLoader.getSystemClassLoader(),
                        () -> WorkerMain.call(target, request.method(), request.arguments()));
                kind = KryoCodec.VALUE;
            } catch (Throwable t) {
                kind = KryoCodec.EXCEPTION;
                value = t;
            }
        }
        return KryoCodec.encodeResponse(request.callId(), request.method(), kind, System.nanoTime() - start, value);
    }

    /**
     * Reads a response message.
     *
     * @param loader the class loader of the called method's class (null: the codec's own): its types come back as its
     * @throws IllegalStateException if the header cannot be read
     */
    public static Result result(byte[] message, ClassLoader loader) {
        KryoCodec.Response r = KryoCodec.decodeResponse(message, message.length, ResponseLoader.of(loader));
        return new Result(r.callId(), r.kind() != KryoCodec.VALUE, r.value());
    }
}
