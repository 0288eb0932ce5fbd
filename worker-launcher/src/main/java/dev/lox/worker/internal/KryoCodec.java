package dev.lox.worker.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import com.esotericsoftware.kryo.util.Util;
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
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Results are checked in the worker before they are sent: the first time a message holds a class
 * not yet seen in a result, the worker reads the message back as the parent would; if that fails
 * (a type Kryo can write but not rebuild), the call fails there, with one line naming the type and
 * the field path, instead of every call failing in the parent after the work was done. A collection
 * or map subclass without a no-argument constructor travels through its JDK superclass
 * ({@link SubclassedCollectionSerializer}).
 *
 * <p>Class loaders: a worker resolves classes with its own class path, which lox made equivalent
 * to the parent's ({@link WorkerClassPath}). The parent reads a pool's responses with the loader of
 * the pool's method ({@link ResponseLoader}), so that an application whose classes are not on the
 * system class loader (a Spring Boot fat jar) gets its own types back.
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
        private final ThreadLocal<Session> perThread = ThreadLocal.withInitial(() -> new Session(null));

        /** A session for writing: any loader will do, since writing names classes without loading them. */
        Session obtain() {
            Session s = perThread.get();
            return s.inUse ? new Session(null).use() : s.use();
        }

        /**
         * A session for reading, whose Kryo loads classes through {@code loader} (null: the codec's own).
         * A thread reads for one pool's loader at a time (a pool's reader, or a caller helping it), so
         * one session a thread is kept, replaced when the loader changes.
         */
        Session obtain(ClassLoader loader) {
            Session s = perThread.get();
            if (s.inUse) {
                return new Session(loader).use();
            }
            if (s.loader != loader) {
                s = new Session(loader);
                perThread.set(s);
            }
            return s.use();
        }

        void free(Session s) {
            s.inUse = false;
        }
    }

    private KryoCodec() {
    }

    private static final byte[] NO_BYTES = new byte[0];

    /** One Kryo with its buffers, used by one thread at a time. */
    private static final class Session {
        final ClassLoader loader;
        final WrittenClasses written = new WrittenClasses();
        final Kryo kryo;
        final Output output = new Output(1024, -1);
        final Input input = new Input();
        boolean inUse;

        Session(ClassLoader loader) {
            this.loader = loader;
            this.kryo = newKryo(written);
            if (loader != null) {
                kryo.setClassLoader(loader);
            }
        }

        Session use() {
            inUse = true;
            return this;
        }

        /** What was written; the caller's {@code finally} calls {@link #done()}. */
        byte[] bytes() {
            return output.toBytes();
        }

        void done() {
            written.clear();
            kryo.reset();
            output.reset();
            if (output.getBuffer().length > (1 << 20)) {
                output.setBuffer(new byte[1024], -1); // do not pin a large message's buffer in the pool
            }
            input.setBuffer(NO_BYTES);
        }
    }

    /** Whether Kryo may use {@code sun.misc.Unsafe}: false, unless the user set {@code -Dkryo.unsafe=true}. */
    static final boolean KRYO_UNSAFE = loadKryoWithoutUnsafe();

    /**
     * Initialises Kryo's {@code Util} with {@code kryo.unsafe=false}. Otherwise it loads Kryo's
     * {@code UnsafeUtil}, whose first touch of {@code sun.misc.Unsafe} makes Java 24+ print a 4-line
     * warning naming lox's jar; lox uses none of Kryo's unsafe classes (plain {@code Input} and
     * {@code Output}, reflective fields), so nothing else changes. The property is read once, by that
     * initialiser, so it is set only around it (unless the user set it): an application's own Kryo,
     * under its own package names, reads it at its own first use.
     */
    private static boolean loadKryoWithoutUnsafe() {
        String was = System.getProperty("kryo.unsafe");
        if (was == null) {
            System.setProperty("kryo.unsafe", "false");
        }
        try {
            return Util.unsafe; // reading it initialises Util, which reads the property
        } finally {
            if (was == null) {
                System.clearProperty("kryo.unsafe");
            }
        }
    }

    static Kryo newKryo() {
        return newKryo(new WrittenClasses());
    }

    private static Kryo newKryo(WrittenClasses resolver) {
        Kryo kryo = new Kryo(resolver, new MapReferenceResolver()) {
            @Override
            @SuppressWarnings("rawtypes")
            public Serializer getDefaultSerializer(Class type) {
                Class<?> refused = refusedType(type);
                if (refused != null) {
                    return new Refused(refused);
                }
                if (SubclassedCollectionSerializer.applies(type)) {
                    return SubclassedCollectionSerializer.of(type);
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

    /**
     * A response as the parent reads it. Refilled by each {@link #decodeResponse(byte[], int, ClassLoader, Response)}
     * into it: a channel's reader decodes every response into one, so that a burst of calls leaves no
     * object a response behind it (garbage that makes the parent's collector run, and pause, sooner).
     */
    static final class Response {
        private long callId;
        private byte kind;
        private long serviceNanos;
        private Object value;

        Response() {
        }

        Response(long callId, byte kind, long serviceNanos, Object value) {
            set(callId, kind, serviceNanos, value);
        }

        private Response set(long callId, byte kind, long serviceNanos, Object value) {
            this.callId = callId;
            this.kind = kind;
            this.serviceNanos = serviceNanos;
            this.value = value;
            return this;
        }

        long callId() {
            return callId;
        }

        byte kind() {
            return kind;
        }

        long serviceNanos() {
            return serviceNanos;
        }

        Object value() {
            return value;
        }

        /** Lets go of the value (the call it answers holds it now). */
        void clear() {
            value = null;
        }
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
                            + " cannot be serialized for a worker JVM, so the call was not sent: " + KryoTrace.oneLine(e, arguments[i])
                            + ". Pass values (records, collections, plain objects), not resources of this JVM;"
                            + " a lambda argument must be of a Serializable functional interface", e);
                }
            }
            return s.bytes();
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
            return new CallProtocol.Part(CallProtocol.CARRIED_PART, s.bytes());
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
        Session s = SESSIONS.obtain(null);
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
     * that says so in one line; an exception that cannot be serialized becomes a
     * {@link SubstituteException} with its type, message and stack trace.
     *
     * <p>A value is checked before it is sent: if its message names a class that no result of this
     * JVM has carried yet, the message is read back as the parent will read it, and a value that
     * cannot be rebuilt fails its call here ({@link #unreadable}). Once read back, its classes are not
     * checked again, so a stream of results of known types costs nothing more.
     */
    static byte[] encodeResponse(long callId, MethodRef method, byte kind, long serviceNanos, Object value) {
        byte[] bytes;
        Set<Class<?>> unchecked;
        try {
            Session s = SESSIONS.obtain();
            try {
                bytes = encode(s, callId, kind, serviceNanos, value);
                unchecked = kind == VALUE ? s.written.notYetReadBack() : Set.of();
            } finally {
                s.done();
                SESSIONS.free(s);
            }
        } catch (RuntimeException | StackOverflowError e) {
            if (kind == VALUE) {
                return encodeResponse(callId, method, EXCEPTION, serviceNanos, cannotTravel(method, value,
                        "cannot be serialized back from the worker JVM: " + KryoTrace.oneLine(e, value)));
            }
            Throwable t = (Throwable) value;
            try {
                return encodeSimple(callId, EXCEPTION, serviceNanos, SubstituteException.of(t, e));
            } catch (RuntimeException | StackOverflowError again) {
                return encodeSimple(callId, EXCEPTION, serviceNanos, new IllegalStateException(t.getClass().getName() + ": " + t.getMessage()));
            }
        }
        if (!unchecked.isEmpty()) {
            String problem = unreadable(bytes, value);
            if (problem != null) {
                return encodeResponse(callId, method, EXCEPTION, serviceNanos, cannotTravel(method, value,
                        "cannot be rebuilt from its serialized form, so it cannot travel back from the worker JVM: " + problem));
            }
            READ_BACK.addAll(unchecked);
        }
        return bytes;
    }

    /** Classes whose values this JVM has written and read back whole in a result (see {@link #encodeResponse}). */
    private static final Set<Class<?>> READ_BACK = ConcurrentHashMap.newKeySet();

    /**
     * A failure of one call whose result cannot travel: one line, no cause and no stack (a trace of
     * the worker's codec would say nothing more, and hundreds of calls may fail alike).
     */
    private static IllegalStateException cannotTravel(MethodRef method, Object value, String why) {
        String type = value == null ? "null" : value.getClass().getName();
        IllegalStateException e = new IllegalStateException("the result of " + method.displayName() + " (" + type + ") " + why
                + "; return values lox can copy (records, plain objects, JDK collections), or give that type a no-argument constructor");
        e.setStackTrace(new StackTraceElement[0]);
        return e;
    }

    /** Null if {@code message} (a response) reads back whole, else what failed, in one line. */
    private static String unreadable(byte[] message, Object value) {
        Session s = SESSIONS.obtain(null);
        try {
            Input in = s.input;
            in.setBuffer(message, 0, message.length);
            CallProtocol.readResponseHeader(in);
            s.kryo.readClassAndObject(in);
            return null;
        } catch (RuntimeException | LinkageError e) {
            return KryoTrace.oneLine(e, value);
        } finally {
            s.done();
            SESSIONS.free(s);
        }
    }

    static byte[] encodeReady() {
        return encodeSimple(-1, READY, 0, ProcessHandle.current().pid());
    }

    private static byte[] encodeSimple(long callId, byte kind, long serviceNanos, Object value) {
        Session s = SESSIONS.obtain();
        try {
            return encode(s, callId, kind, serviceNanos, value);
        } finally {
            s.done();
            SESSIONS.free(s);
        }
    }

    private static byte[] encode(Session s, long callId, byte kind, long serviceNanos, Object value) {
        CallProtocol.writeResponseHeader(s.output, callId, kind, serviceNanos);
        s.kryo.writeClassAndObject(s.output, value);
        return s.output.toBytes();
    }

    /** Reads a response with the codec's own class loader (see {@link #decodeResponse(byte[], int, ClassLoader)}). */
    static Response decodeResponse(byte[] message, int length) {
        return decodeResponse(message, length, null);
    }

    /**
     * Reads a response; a value that cannot be read here becomes an exception saying so, for the call
     * the response answers.
     *
     * @param loader what loads the classes it names, from {@link ResponseLoader}; null for the codec's own
     * @throws IllegalStateException if the header cannot be read (a damaged stream)
     */
    static Response decodeResponse(byte[] message, int length, ClassLoader loader) {
        return decodeResponse(message, length, loader, new Response());
    }

    /** As {@link #decodeResponse(byte[], int, ClassLoader)}, into {@code into}, which it returns. */
    static Response decodeResponse(byte[] message, int length, ClassLoader loader, Response into) {
        Session s = SESSIONS.obtain(loader);
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
                return into.set(header.callId(), header.kind(), header.serviceNanos(), s.kryo.readClassAndObject(in));
            } catch (RuntimeException | LinkageError e) {
                IllegalStateException failure = new IllegalStateException(
                        "the parent JVM could not read a worker's response: " + KryoTrace.oneLine(e, null));
                failure.setStackTrace(new StackTraceElement[0]);
                return into.set(header.callId(), header.kind() == READY ? READY : EXCEPTION, header.serviceNanos(), failure);
            }
        } finally {
            s.done();
            SESSIONS.free(s);
        }
    }

    /**
     * Kryo's class resolver, also noting the classes a message names by name (every class but the few
     * Kryo registers itself): what {@link #encodeResponse} reads back once.
     */
    static final class WrittenClasses extends DefaultClassResolver {
        private final Set<Class<?>> named = new HashSet<>();

        @Override
        @SuppressWarnings("rawtypes")
        protected void writeName(Output output, Class type, Registration registration) {
            named.add(type);
            super.writeName(output, type, registration);
        }

        Set<Class<?>> notYetReadBack() {
            if (named.isEmpty()) {
                return Set.of(); // only registered types written (the JDK's boxes, strings): nothing to check
            }
            Set<Class<?>> todo = new HashSet<>();
            for (Class<?> c : named) {
                if (!READ_BACK.contains(c)) {
                    todo.add(c);
                }
            }
            return todo;
        }

        void clear() {
            named.clear();
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
