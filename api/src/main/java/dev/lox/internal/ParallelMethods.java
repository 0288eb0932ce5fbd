package dev.lox.internal;

import dev.lox.Lox;
import dev.lox.spi.MethodRef;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every parallel method of this JVM, so that a method has one pool however it is reached: through
 * {@code Lox.of(...)}, or through a plain call the agent scatters inside a gather region.
 *
 * <p>A method is parallel by a config rule (which the agent declares when the class loads), by an
 * annotation, or by an explicit pool ({@code Lox.thread(10).of(...)}), which is a pool of its own.
 */
public final class ParallelMethods {
    /**
     * The methods of each class loader, held weakly so that a loader the program drops (a redeployed
     * web application, a test's throwaway loader) can be collected: nothing kept here points back to
     * its loader strongly ({@link ParallelMethod} holds it weakly, and its invoker lives in a
     * {@code ClassValue} of the method's own class).
     */
    private static final Map<ClassLoader, Methods> BY_LOADER = new WeakHashMap<>(); // guarded by itself
    /** The bootstrap loader's (null) methods: that loader is never collected. */
    private static final Methods BOOTSTRAP = new Methods();
    /** The loader looked up last, so that {@code Lox.of} in a loop does not take {@link #BY_LOADER}'s lock. */
    private static volatile LastLoader last = new LastLoader(new WeakReference<>(null), BOOTSTRAP);
    /**
     * The declared methods by id, in the first {@link #count} slots. It grows by doubling, not by
     * one: a wide rule declares thousands of methods as their classes load (Guava with
     * {@code thread com.google.common.*#*}: 11,092), and a copy per declaration allocated 134 MB.
     * Written under the class's lock, and written again (the same array, or the grown one) after
     * each new slot, so that a reader's volatile read sees the slot.
     */
    private static volatile ParallelMethod[] byId = new ParallelMethod[16];
    private static int count; // guarded by the class's lock

    private record LastLoader(WeakReference<ClassLoader> loader, Methods methods) {
    }

    /** The parallel methods of one class loader's classes. */
    private static final class Methods {
        /** Marked by a config rule (the agent declared it) or an annotation. */
        final ConcurrentHashMap<MethodRef, ParallelMethod> marked = new ConcurrentHashMap<>();
        /** Given an explicit pool, one per method and pool settings. */
        final ConcurrentHashMap<List<Object>, ParallelMethod> explicit = new ConcurrentHashMap<>();
    }

    private static Methods of(ClassLoader loader) {
        if (loader == null) {
            return BOOTSTRAP;
        }
        LastLoader cached = last;
        if (cached.loader().get() == loader) {
            return cached.methods();
        }
        Methods methods;
        synchronized (BY_LOADER) {
            // get/put, not computeIfAbsent with a lambda: this runs at the agent's first rewrite,
            // where a JVM's first lambda costs its start-up milliseconds (LambdaMetafactory).
            methods = BY_LOADER.get(loader);
            if (methods == null) {
                methods = new Methods();
                BY_LOADER.put(loader, methods);
            }
        }
        last = new LastLoader(new WeakReference<>(loader), methods);
        return methods;
    }

    private ParallelMethods() {
    }

    /**
     * Declares a method the agent instrumented, when its class loads, and returns the id its advice
     * passes to {@link PlainCalls}. Declaring the same method of the same loader again returns the
     * same id; the same class loaded by two loaders is two classes, with two ids and two pools.
     *
     * @param loader the class's loader, to find the method when a plain call is scattered
     */
    public static synchronized int declare(MethodRef method, PoolSpec spec, String origin, ClassLoader loader) {
        Methods methods = of(loader);
        ParallelMethod declared = methods.marked.get(method); // no lambda here either: see of(ClassLoader)
        if (declared == null) {
            ParallelMethod fresh = new ParallelMethod(method, spec, origin, loader);
            declared = methods.marked.putIfAbsent(method, fresh); // Lox.of may declare it at the same time
            if (declared == null) {
                declared = fresh;
            }
        }
        if (declared.id() >= 0) {
            return declared.id();
        }
        int id = count;
        ParallelMethod[] ids = byId;
        if (id == ids.length) {
            ids = Arrays.copyOf(ids, 2 * ids.length);
        }
        ids[id] = declared;
        declared.assignId(id);
        count = id + 1;
        byId = ids;
        return id;
    }

    /** The method the agent declared with this id. */
    public static ParallelMethod byId(int id) {
        ParallelMethod method = byId[id];
        if (method == null) {
            // A slot not declared yet: an id that declare never returned.
            throw new ArrayIndexOutOfBoundsException("no parallel method has the id " + id);
        }
        return method;
    }

    /**
     * The parallel method {@code Lox.of(...)} names: as a config rule declared it, else as its
     * {@code @Lox.Thread}, {@code @Lox.Virtual}, {@code @Lox.Process} or {@code @Lox.Cluster} annotation says.
     *
     * @throws IllegalArgumentException if neither makes it parallel
     */
    public static ParallelMethod marked(LambdaMethod lambda) {
        ConcurrentHashMap<MethodRef, ParallelMethod> marked = of(lambda.loader()).marked;
        ParallelMethod found = marked.get(lambda.method());
        if (found != null) {
            return found;
        }
        return marked.computeIfAbsent(lambda.method(), k -> fromAnnotation(lambda));
    }

    /** The pool of {@code Lox.thread(n).of(...)}: one per method and pool settings. */
    public static ParallelMethod explicit(LambdaMethod lambda, PoolSpec spec) {
        return of(lambda.loader()).explicit.computeIfAbsent(List.of(lambda.method(), spec),
                key -> new ParallelMethod(lambda.method(), spec, "Lox." + spec, lambda.loader()));
    }

    private static ParallelMethod fromAnnotation(LambdaMethod lambda) {
        MethodRef ref = lambda.method();
        if (lambda.isLambdaExpression()) {
            throw new IllegalArgumentException("Lox.of cannot tell the pool of a lambda expression (" + ref.displayName()
                    + "): give one explicitly, as in Lox.thread(8).of(...) or Lox.process(4).of(...)");
        }
        Method method = lambda.reflect();
        PoolSpec spec = method == null ? null : specOf(method);
        if (spec == null) {
            throw new IllegalArgumentException(ref.displayName() + ref.descriptor() + " is not a parallel method: "
                    + "mark it @Lox.Thread, @Lox.Virtual, @Lox.Process or @Lox.Cluster, add a rule for it to the agent's config file, "
                    + "or give a pool explicitly, as in Lox.thread(8).of(...)");
        }
        return new ParallelMethod(ref, spec, spec.asAnnotation(), lambda.loader());
    }

    /**
     * The pool a method's annotation asks for, or null if it has none; the rule is
     * {@link AnnotationMarks}'s, which the agent applies to class files.
     */
    public static PoolSpec specOf(Method method) {
        Map<PoolSpec.Kind, Integer> parallel = new java.util.EnumMap<>(PoolSpec.Kind.class);
        Lox.Thread thread = method.getAnnotation(Lox.Thread.class);
        Lox.Process process = method.getAnnotation(Lox.Process.class);
        Lox.Virtual virtual = method.getAnnotation(Lox.Virtual.class);
        Lox.Cluster cluster = method.getAnnotation(Lox.Cluster.class);
        if (thread != null) {
            parallel.put(PoolSpec.Kind.THREAD, thread.value());
        }
        if (virtual != null) {
            parallel.put(PoolSpec.Kind.VIRTUAL, virtual.value());
        }
        if (process != null) {
            parallel.put(PoolSpec.Kind.PROCESS, process.value());
        }
        if (cluster != null) {
            parallel.put(PoolSpec.Kind.CLUSTER, cluster.value());
        }
        String callTimeout = process != null ? process.callTimeout() : cluster != null ? cluster.callTimeout() : "";
        return AnnotationMarks.read(parallel, callTimeout, false, List.of(), method).pool();
    }
}
