package dev.lox.internal;

import dev.lox.spi.MethodRef;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One parallel method with one pool: the method, how it runs, why (the annotation or config rule
 * that made it parallel), and its handles, one per bound receiver (or per set of captured values,
 * for a lambda).
 *
 * <p>Handles are held weakly unless they have calls pending: a program that makes a handle for each
 * of a million receivers does not keep them all, and a handle with calls to gather is never lost.
 */
public final class ParallelMethod {
    private final MethodRef method;
    private final PoolSpec spec;
    private final String origin;
    /**
     * Weak, as everything here that leads to the loader: the registry keeps this method as long as
     * the loader lives, and must not be what keeps the loader alive. Null for the bootstrap loader.
     */
    private final WeakReference<ClassLoader> loader;
    private final boolean returnsFuture;
    private volatile CallPool pool;
    /** Whether a call of it was ever scattered (plain call or handle): an agent's exit check reads it. */
    private volatile boolean scattered;
    private int id = -1; // guarded by ParallelMethods' lock
    /** The method's class, once a plain call needed it; weak for the same reason as {@link #loader}. */
    private volatile WeakReference<Class<?>> owner = new WeakReference<>(null);

    /**
     * Invokers, kept by the class of their method: a {@code MethodHandle} holds its class, so kept here
     * it would hold the loader; a {@code ClassValue}'s values go away with their class.
     */
    private static final ClassValue<ConcurrentHashMap<MethodRef, PlainCalls.Invoker>> INVOKERS = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<MethodRef, PlainCalls.Invoker> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private final ConcurrentHashMap<CaptureKey, HandleRef> handles = new ConcurrentHashMap<>();
    private final ReferenceQueue<HandleCore> collected = new ReferenceQueue<>();
    private final Set<HandleCore> withPendingCalls = ConcurrentHashMap.newKeySet();

    ParallelMethod(MethodRef method, PoolSpec spec, String origin, ClassLoader loader) {
        this.method = method;
        this.spec = spec;
        this.origin = origin;
        this.loader = new WeakReference<>(loader);
        String descriptor = method.descriptor();
        String returnType = descriptor.substring(descriptor.indexOf(')') + 1);
        this.returnsFuture = returnType.equals("Ljava/util/concurrent/Future;")
                || returnType.equals("Ljava/util/concurrent/CompletableFuture;")
                || returnType.equals("Ljava/util/concurrent/CompletionStage;");
    }

    /** Notes that a call was scattered; cheap after the first (a read). */
    void markScattered() {
        if (!scattered) {
            scattered = true;
        }
    }

    /** Whether a call of this method was ever scattered in this JVM. */
    public boolean wasScattered() {
        return scattered;
    }

    /** The id the agent's advice passes, or -1 if the agent never declared this method. */
    int id() {
        return id;
    }

    void assignId(int id) {
        this.id = id;
    }

    /** Whether the method returns a {@code Future}, {@code CompletableFuture} or {@code CompletionStage}. */
    public boolean returnsFuture() {
        return returnsFuture;
    }

    public MethodRef method() {
        return method;
    }

    public PoolSpec spec() {
        return spec;
    }

    /** What made this method parallel: {@code @Lox.Thread(8)}, {@code lox.conf:3}, {@code Lox.thread(10)}. */
    public String origin() {
        return origin;
    }

    /** The method's pool, created on first use so that an unused parallel method costs nothing. */
    public CallPool pool() {
        CallPool p = pool;
        if (p == null) {
            synchronized (this) {
                p = pool;
                if (p == null) {
                    p = CallPool.create(method.displayName(), spec, loader.get());
                    pool = p;
                }
            }
        }
        return p;
    }

    /** Calls waiting in the pool for a thread or worker; 0 before the pool exists. */
    public int queued() {
        CallPool p = pool;
        return p == null ? 0 : p.queued();
    }

    /** Calls the method itself, for plain calls the agent scatters; made on first use. */
    PlainCalls.Invoker invoker() {
        Class<?> type = owner.get();
        if (type == null) {
            type = Descriptors.findClass(method, loader.get());
            owner = new WeakReference<>(type);
        }
        // get, then putIfAbsent, not computeIfAbsent with a lambda: this runs on the JVM's first
        // scattered call, often at start-up, where a lambda's first use costs a spun class. Two
        // threads racing both make an invoker; the first one stored is the one kept.
        ConcurrentHashMap<MethodRef, PlainCalls.Invoker> invokers = INVOKERS.get(type);
        PlainCalls.Invoker invoker = invokers.get(method);
        if (invoker == null) {
            PlainCalls.Invoker made = PlainCalls.Invoker.of(Descriptors.findMethod(method, type));
            invoker = invokers.putIfAbsent(method, made);
            if (invoker == null) {
                invoker = made;
            }
        }
        return invoker;
    }

    /**
     * The handle for these captured values (the bound receiver of {@code obj::m}; none for a static
     * method), made by {@code factory} the first time.
     */
    public HandleCore handleCore(Object[] captured, Function<HandleCore, Object> factory) {
        expungeCollected();
        CaptureKey key = new CaptureKey(captured);
        HandleRef ref = handles.get(key);
        HandleCore core = ref == null ? null : ref.get();
        if (core != null) {
            return core;
        }
        synchronized (handles) {
            ref = handles.get(key);
            core = ref == null ? null : ref.get();
            if (core == null) {
                core = new HandleCore(this, captured, withPendingCalls);
                core.attach(factory.apply(core));
                handles.put(key, new HandleRef(core, key, collected));
            }
            return core;
        }
    }

    private void expungeCollected() {
        for (Object r; (r = collected.poll()) != null; ) {
            HandleRef dead = (HandleRef) r;
            handles.remove(dead.key, dead);
        }
    }

    @Override
    public String toString() {
        return method.displayName() + " " + spec + " (" + origin + ")";
    }

    private static final class HandleRef extends WeakReference<HandleCore> {
        final CaptureKey key;

        HandleRef(HandleCore core, CaptureKey key, ReferenceQueue<HandleCore> queue) {
            super(core, queue);
            this.key = key;
        }
    }

    /**
     * Captured values compared by identity (two receivers that are equal are still two objects),
     * held weakly: a receiver that keeps its own handle in a field must not be kept alive by the
     * key of that very handle.
     */
    private static final class CaptureKey {
        private final WeakReference<?>[] captured; // null where the captured value was null
        private final int hash;

        CaptureKey(Object[] values) {
            captured = new WeakReference<?>[values.length];
            int h = 1;
            for (int i = 0; i < values.length; i++) {
                captured[i] = values[i] == null ? null : new WeakReference<>(values[i]);
                h = 31 * h + System.identityHashCode(values[i]);
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof CaptureKey that) || that.captured.length != captured.length) {
                return false;
            }
            for (int i = 0; i < captured.length; i++) {
                if (captured[i] == null || that.captured[i] == null) {
                    if (captured[i] != that.captured[i]) {
                        return false;
                    }
                    continue;
                }
                Object mine = captured[i].get();
                if (mine == null || mine != that.captured[i].get()) {
                    return false; // a collected value matches nothing but its own key
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
