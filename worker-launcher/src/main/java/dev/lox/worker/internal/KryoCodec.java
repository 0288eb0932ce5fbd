package dev.lox.worker.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import dev.lox.spi.MethodRef;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.Channel;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * How calls and results travel: Kryo, the one place in lox a Kryo instance is built. Instances are
 * pooled, one per thread (Kryo is not thread-safe and costly to build).
 *
 * <p>Configuration, and why: registration is not required (users pass their own types with no setup);
 * references are on (shared and cyclic objects arrive as they left); objects without a no-argument
 * constructor are made as Java serialization makes them; serializable lambdas and method references
 * travel as {@code SerializedLambda}; {@code Path}, {@code File}, {@code UUID}, {@code URI} and
 * {@code Pattern} by their text; exceptions by Java serialization, which restores their stack traces,
 * causes and suppressed exceptions exactly. Resources of a JVM (threads, streams, sockets, class
 * loaders) are refused with a message rather than copied into something meaningless.
 *
 * <p>Messages: {@link CallProtocol} writes and reads their headers (the call's id, the method, the
 * response's kind); this class encodes what follows them, the arguments and the value or exception.
 * A header that cannot be read is a damaged stream and throws; a value that cannot be read is that
 * call's failure.
 */
final class KryoCodec {
    static final byte VALUE = CallProtocol.VALUE;
    static final byte EXCEPTION = CallProtocol.EXCEPTION;
    /** A worker's first message: it is up and reading. */
    static final byte READY = CallProtocol.READY;

    /**
     * Kryo instances, pooled one per thread: a shared pool's lock cost more than the rest of a small
     * call's encoding, and a thread encodes one message at a time (a session in use, as during a
     * nested call, makes a fresh one).
     */
    private static final Sessions SESSIONS = new Sessions();

    private static final class Sessions {
        private final ThreadLocal<Session> perThread = ThreadLocal.withInitial(Session::new);

        Session obtain() {
            Session s = perThread.get();
            if (s.inUse) {
                s = new Session();
            }
            s.inUse = true;
            return s;
        }

        void free(Session s) {
            s.inUse = false;
        }
    }

    private KryoCodec() {
    }

    /** One Kryo with its buffers, used by one thread at a time. */
    private static final class Session {
        final Kryo kryo = newKryo();
        final Output output = new Output(1024, -1);
        final Input input = new Input();
        boolean inUse;

        byte[] bytesAndReset() {
            byte[] bytes = output.toBytes();
            done();
            return bytes;
        }

        void done() {
            kryo.reset();
            output.reset();
            if (output.getBuffer().length > (1 << 20)) {
                output.setBuffer(new byte[1024], -1); // do not pin a large message's buffer in the pool
            }
            input.setBuffer(new byte[0]);
        }
    }

    static Kryo newKryo() {
        Kryo kryo = new Kryo() {
            @Override
            @SuppressWarnings("rawtypes")
            public Serializer getDefaultSerializer(Class type) {
                Class<?> refused = refusedType(type);
                if (refused != null) {
                    return new Refused(refused);
                }
                if (isCollectionsWrapper(type)) {
                    // unmodifiable/synchronized/checked views: copy their fields (the wrapped
                    // collection), since a collection serializer would call add() on an unmodifiable one
                    return new FieldSerializer<>(this, type);
                }
                return super.getDefaultSerializer(type);
            }
        };
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setAutoReset(false); // one message is one object graph, across all its arguments
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        kryo.register(ClosureSerializer.Closure.class, new ClosureSerializer());
        kryo.addDefaultSerializer(UUID.class, new DefaultSerializers.UUIDSerializer());
        kryo.addDefaultSerializer(URI.class, new DefaultSerializers.URISerializer());
        kryo.addDefaultSerializer(Pattern.class, new DefaultSerializers.PatternSerializer());
        kryo.addDefaultSerializer(Path.class, new PathSerializer());
        kryo.addDefaultSerializer(File.class, new FileSerializer());
        kryo.addDefaultSerializer(Throwable.class, new JavaSerializer());
        kryo.addDefaultSerializer(EnumMap.class, new EnumMapSerializer());
        return kryo;
    }

    private static boolean isCollectionsWrapper(Class<?> type) {
        String n = type.getName();
        return n.startsWith("java.util.Collections$") && (n.contains("$Unmodifiable") || n.contains("$Synchronized")
                || n.contains("$Checked"));
    }

    private static final Class<?>[] RESOURCES = {Thread.class, ThreadGroup.class, ClassLoader.class,
        InputStream.class, OutputStream.class, Reader.class, Writer.class, Channel.class, Socket.class,
        ServerSocket.class, DatagramSocket.class, Process.class, ProcessHandle.class, ExecutorService.class};

    private static Class<?> refusedType(Class<?> type) {
        for (Class<?> r : RESOURCES) {
            if (r.isAssignableFrom(type)) {
                return r;
            }
        }
        return null;
    }

    /** A call as a worker reads it. {@code failure} is set if the method or arguments could not be read. */
    record Request(long callId, MethodRef method, java.util.List<CallProtocol.Part> parts, Object[] arguments, Throwable failure) {
    }

    /** A response as the parent reads it. */
    record Response(long callId, byte kind, long serviceNanos, Object value) {
    }

    /**
     * Serializes a call's arguments, the body of its request; the header (call id, method) is
     * written when the call is sent to a worker ({@link #writeHeader}).
     *
     * @throws IllegalArgumentException naming the argument and its type, if one cannot be serialized
     */
    static byte[] encodeArguments(MethodRef method, Object[] arguments) {
        Session s = SESSIONS.obtain();
        try {
            Output out = s.output;
            out.writeVarInt(arguments.length, true);
            for (int i = 0; i < arguments.length; i++) {
                try {
                    s.kryo.writeClassAndObject(out, arguments[i]);
                } catch (KryoException | IllegalArgumentException | UnsupportedOperationException | IllegalStateException
                        | StackOverflowError e) {
                    throw new IllegalArgumentException(describeArgument(method, i, arguments[i])
                            + " cannot be serialized for a worker JVM, so the call was not sent: " + e.getMessage()
                            + ". Pass values (records, collections, plain objects), not resources of this JVM;"
                            + " a lambda argument must be of a Serializable functional interface", e);
                }
            }
            return s.bytesAndReset();
        } finally {
            s.done();
            SESSIONS.free(s);
        }
    }

    /**
     * The part of a request that carries context into the call ({@link CallProtocol#CARRIED_PART}):
     * the values by name ({@code com.example.RequestContext#CURRENT}, {@code mdc}), in one map.
     *
     * @throws IllegalArgumentException naming the carried field, if its value cannot be serialized
     */
    static CallProtocol.Part encodeCarried(MethodRef method, java.util.Map<String, Object> carried) {
        Session s = SESSIONS.obtain();
        try {
            try {
                s.kryo.writeClassAndObject(s.output, new java.util.HashMap<>(carried));
            } catch (KryoException | IllegalArgumentException | UnsupportedOperationException | IllegalStateException
                    | StackOverflowError failure) {
                throw new IllegalArgumentException("the carried " + whichCannotTravel(s, carried) + " of the call of "
                        + method.displayName() + " cannot be serialized for a worker JVM, so the call was not sent: "
                        + failure.getMessage() + ". Carry values (strings, records, plain objects) into process pools", failure);
            }
            return new CallProtocol.Part(CallProtocol.CARRIED_PART, s.bytesAndReset());
        } finally {
            s.done();
            SESSIONS.free(s);
        }
    }

    /** Which carried value cannot be serialized: each alone, on a scratch buffer (the call is not sent). */
    private static String whichCannotTravel(Session s, java.util.Map<String, Object> carried) {
        for (java.util.Map.Entry<String, Object> e : carried.entrySet()) {
            try {
                s.kryo.reset();
                s.kryo.writeClassAndObject(new Output(256, -1), e.getValue());
            } catch (RuntimeException | StackOverflowError again) {
                return e.getKey() + " (" + e.getValue().getClass().getName() + ")";
            }
        }
        return carried.keySet().toString();
    }

    /** The context carried into a call, from a request's parts; empty if none. */
    @SuppressWarnings("unchecked")
    static java.util.Map<String, Object> decodeCarried(java.util.List<CallProtocol.Part> parts) {
        for (CallProtocol.Part part : parts) {
            if (part.tag() == CallProtocol.CARRIED_PART) {
                Session s = SESSIONS.obtain();
                try {
                    s.input.setBuffer(part.bytes());
                    return (java.util.Map<String, Object>) s.kryo.readClassAndObject(s.input);
                } finally {
                    s.done();
                    SESSIONS.free(s);
                }
            }
        }
        return java.util.Map.of();
    }

    /** A whole request in one array, header and body, for tests. */
    static byte[] encodeRequest(long callId, MethodRef method, Object[] arguments) {
        byte[] body = encodeArguments(method, arguments);
        Output head = new Output(64, -1);
        CallProtocol.writeRequestHeader(head, callId, 0, method, java.util.List.of());
        byte[] all = java.util.Arrays.copyOf(head.getBuffer(), head.position() + body.length);
        System.arraycopy(body, 0, all, head.position(), body.length);
        return all;
    }

    static String describeArgument(MethodRef method, int i, Object value) {
        String type = value == null ? "null" : value.getClass().getName();
        String which = (i == 0 && !method.isStatic()) ? "the receiver" : "argument " + i;
        return which + " (" + type + ") of " + method.displayName()
                + " (counting from 0, receiver or captured values first)";
    }

    static Request decodeRequest(byte[] message, int length) {
        return decodeRequest(message, length, new java.util.ArrayList<>());
    }

    /**
     * Reads a request. {@code methods} is the reader's table of the methods its requests defined,
     * by id; a request that defines one adds it. Arguments that cannot be read are the call's
     * failure; a header that cannot be read throws (the stream is damaged: no call can be answered).
     */
    static Request decodeRequest(byte[] message, int length, java.util.List<MethodRef> methods) {
        Session s = SESSIONS.obtain();
        try {
            Input in = s.input;
            in.setBuffer(message, 0, length);
            CallProtocol.RequestHeader header;
            try {
                header = CallProtocol.readRequestHeader(in, methods);
            } catch (RuntimeException e) {
                throw new IllegalStateException("damaged request of " + length + " bytes: " + e, e);
            }
            try {
                Object[] args = new Object[in.readVarInt(true)];
                for (int i = 0; i < args.length; i++) {
                    args[i] = s.kryo.readClassAndObject(in);
                }
                return new Request(header.callId(), header.method(), header.parts(), args, null);
            } catch (RuntimeException | LinkageError e) {
                return new Request(header.callId(), header.method(), header.parts(), null, new IllegalStateException(
                        "the worker could not read the call of " + header.method() + ": " + e, e));
            }
        } finally {
            s.done();
            SESSIONS.free(s);
        }
    }

    /**
     * Serializes a call's value or exception. Something that cannot travel back becomes an exception
     * that says so; an exception that cannot be serialized becomes a {@link SubstituteException} with
     * its type, message and stack trace.
     */
    static byte[] encodeResponse(long callId, MethodRef method, byte kind, long serviceNanos, Object value) {
        try {
            return encode(callId, kind, serviceNanos, value);
        } catch (RuntimeException | StackOverflowError e) {
            if (kind == VALUE) {
                String type = value == null ? "null" : value.getClass().getName();
                return encodeResponse(callId, method, EXCEPTION, serviceNanos, new IllegalStateException("the result of " + method.displayName()
                        + " (" + type + ") cannot be serialized back from the worker JVM: " + e.getMessage(), e));
            }
            Throwable t = (Throwable) value;
            try {
                return encode(callId, EXCEPTION, serviceNanos, SubstituteException.of(t, e));
            } catch (RuntimeException | StackOverflowError again) {
                return encode(callId, EXCEPTION, serviceNanos, new IllegalStateException(t.getClass().getName() + ": " + t.getMessage()));
            }
        }
    }

    static byte[] encodeReady() {
        return encode(-1, READY, 0, ProcessHandle.current().pid());
    }

    private static byte[] encode(long callId, byte kind, long serviceNanos, Object value) {
        Session s = SESSIONS.obtain();
        try {
            CallProtocol.writeResponseHeader(s.output, callId, kind, serviceNanos);
            s.kryo.writeClassAndObject(s.output, value);
            return s.bytesAndReset();
        } finally {
            s.done();
            SESSIONS.free(s);
        }
    }

    /**
     * Reads a response; a value that cannot be read here becomes an exception saying so, for the call
     * the response answers.
     *
     * @throws IllegalStateException if the header cannot be read (a damaged stream)
     */
    static Response decodeResponse(byte[] message, int length) {
        Session s = SESSIONS.obtain();
        try {
            Input in = s.input;
            in.setBuffer(message, 0, length);
            CallProtocol.ResponseHeader header;
            try {
                header = CallProtocol.readResponseHeader(in);
            } catch (RuntimeException e) {
                throw new IllegalStateException("damaged response of " + length + " bytes: " + e, e);
            }
            try {
                return new Response(header.callId(), header.kind(), header.serviceNanos(), s.kryo.readClassAndObject(in));
            } catch (RuntimeException | LinkageError e) {
                return new Response(header.callId(), header.kind() == READY ? READY : EXCEPTION, header.serviceNanos(),
                        new IllegalStateException("the parent JVM could not read a worker's response: " + e, e));
            }
        } finally {
            s.done();
            SESSIONS.free(s);
        }
    }

    /** A {@code Path} as its text, resolved again on the receiving side's default file system. */
    static final class PathSerializer extends Serializer<Path> {
        PathSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, Path path) {
            output.writeString(path.toString());
        }

        @Override
        public Path read(Kryo kryo, Input input, Class<? extends Path> type) {
            return Paths.get(input.readString());
        }
    }

    /** A {@code File} as its path text. */
    static final class FileSerializer extends Serializer<File> {
        FileSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, File file) {
            output.writeString(file.getPath());
        }

        @Override
        public File read(Kryo kryo, Input input, Class<? extends File> type) {
            return new File(input.readString());
        }
    }

    /** An {@code EnumMap} with its key type, which an empty map cannot tell from its keys. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class EnumMapSerializer extends Serializer<EnumMap> {
        private static final java.lang.reflect.Field KEY_TYPE = keyTypeField();

        private static java.lang.reflect.Field keyTypeField() {
            try {
                java.lang.reflect.Field f = EnumMap.class.getDeclaredField("keyType");
                f.setAccessible(true);
                return f;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // java.util not open: only non-empty maps travel
            }
        }

        @Override
        public void write(Kryo kryo, Output output, EnumMap map) {
            Class<?> keyType;
            try {
                keyType = KEY_TYPE != null ? (Class<?>) KEY_TYPE.get(map)
                        : ((Enum<?>) map.keySet().iterator().next()).getDeclaringClass();
            } catch (ReflectiveOperationException | java.util.NoSuchElementException e) {
                throw new KryoException("cannot tell the key type of an empty EnumMap: " + e);
            }
            kryo.writeClass(output, keyType);
            output.writeVarInt(map.size(), true);
            for (Object o : map.entrySet()) {
                Map.Entry e = (Map.Entry) o;
                output.writeVarInt(((Enum<?>) e.getKey()).ordinal(), true);
                kryo.writeClassAndObject(output, e.getValue());
            }
        }

        @Override
        public EnumMap read(Kryo kryo, Input input, Class<? extends EnumMap> type) {
            Class keyType = kryo.readClass(input).getType();
            EnumMap map = new EnumMap(keyType);
            kryo.reference(map);
            Object[] constants = keyType.getEnumConstants();
            for (int n = input.readVarInt(true); n > 0; n--) {
                map.put(constants[input.readVarInt(true)], kryo.readClassAndObject(input));
            }
            return map;
        }
    }

    /** Refuses a resource of this JVM, which would arrive in another JVM as a meaningless copy. */
    static final class Refused extends Serializer<Object> {
        private final Class<?> kind;

        Refused(Class<?> kind) {
            this.kind = kind;
        }

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            throw new KryoException(object.getClass().getName() + " is a " + kind.getSimpleName()
                    + ", a resource of this JVM that cannot travel to another");
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            throw new KryoException(type.getName() + " is a resource of a JVM and cannot be read");
        }
    }
}
