package dev.lox;

import dev.lox.function.Fn0;
import dev.lox.function.VoidFn0;
import dev.lox.function.Fn1;
import dev.lox.function.VoidFn1;
import dev.lox.function.Fn2;
import dev.lox.function.VoidFn2;
import dev.lox.function.Fn3;
import dev.lox.function.VoidFn3;
import dev.lox.function.Fn4;
import dev.lox.function.VoidFn4;
import dev.lox.function.Fn5;
import dev.lox.function.VoidFn5;
import dev.lox.function.Fn6;
import dev.lox.function.VoidFn6;
import dev.lox.internal.GatherRegion;
import dev.lox.internal.HandleCore;
import dev.lox.internal.LambdaMethod;
import dev.lox.internal.ParallelMethod;
import dev.lox.internal.ParallelMethods;
import dev.lox.internal.PoolSpec;
import java.io.Serializable;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.function.Function;

/**
 * lox: scatter/gather parallelism for Java methods. Mark a method {@link Thread @Lox.Thread} or
 * {@link Process @Lox.Process}, then scatter calls to its pool and gather the results in scatter
 * order:
 *
 * <pre>{@code
 * class Images {
 *     @Lox.Thread(8)
 *     static BufferedImage download(URI uri) { ... }
 * }
 *
 * var download = Lox.of(Images::download);
 * for (URI u : uris) download.scatter(u);
 * List<BufferedImage> images = download.gather();   // in scatter order
 * }</pre>
 *
 * <p>An overloaded method's reference fits several {@code of} overloads, and the compiler refuses
 * it as ambiguous ({@code Lox.of(Sizes::size)} with {@code size(String)} and {@code size(List)}).
 * Name the overload with a typed variable or a cast to its {@code dev.lox.function} type:
 *
 * <pre>{@code
 * Fn1<String, Integer> size = Sizes::size;
 * var bySize = Lox.of(size);
 * var byList = Lox.of((Fn1<List<String>, Integer>) Sizes::size);
 * VoidFn1<String> log = Sizes::log;   // a void overload: VoidFn0 to VoidFn6
 * }</pre>
 *
 * <p>{@link Virtual @Lox.Virtual} and {@link #virtual()} run each call on its own virtual thread;
 * {@link Cluster @Lox.Cluster} and {@link #cluster(int)} run calls on the members of a cluster.
 *
 * <p>With {@code -javaagent:lox-agent.jar}, methods can also be made parallel by a config file, and
 * inside a {@link Gather gather region} plain calls to parallel {@code void} (or future-returning)
 * methods scatter by themselves.
 *
 * <p>{@code -Dlox.debug=true} or {@code LOX_DEBUG=true} runs every call inline in the caller.
 */
public final class Lox {
    private Lox() {
    }

    /**
     * Runs the method's calls on a pool of threads in this JVM. {@code value()} is the most threads
     * (lox's default, 50); 0 runs each call in the caller, for debugging.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Thread {
        /** The most threads; 0 runs calls inline in the caller. */
        int value() default PoolSpec.DEFAULT_THREADS;
    }

    /**
     * Runs each call on its own virtual thread (Java 21 and later). {@code value()} bounds the calls
     * in flight, with a semaphore rather than a pool; by default there is no bound; 0 runs each call
     * in the caller, for debugging. On Java 17 to 20 a pool of {@code value()} threads stands in (of
     * 50, lox's default thread count, without a bound), and lox says so once on stderr.
     *
     * <p>A call that waits in a gather, or in {@code join()} or {@code get()} of a future this pool
     * returned, lends its permit back meanwhile, so calls that wait for calls of their own pool cannot
     * hang on the bound. On JDK 21 to 23 a call that blocks inside
     * {@code synchronized} pins its carrier thread (one of about as many as there are cores); JDK 24
     * removed that pinning (JEP 491).
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Virtual {
        /** {@link #value()}'s default: no bound on the calls in flight. */
        int UNBOUNDED = PoolSpec.UNBOUNDED;

        /** The most calls in flight; 0 runs calls inline in the caller. */
        int value() default UNBOUNDED;
    }

    /**
     * Runs the method's calls in a pool of worker JVMs, each with its own heap and statics.
     * Receivers, arguments and results travel by value.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Process {
        /** {@link #value()}'s default: one worker per available processor. */
        int AVAILABLE_PROCESSORS = -1;

        /** The number of worker JVMs; 0 runs calls inline in the caller. */
        int value() default AVAILABLE_PROCESSORS;

        /**
         * How long one call may run in a worker before it fails with {@link CallTimeoutException},
         * its worker is replaced and the calls queued behind it go to other workers: {@code "30s"},
         * {@code "10m"}, {@code "2h"}, {@code "500ms"}, ISO-8601 ({@code "PT45S"}), or {@code "none"}.
         * Empty, the default: {@code -Dlox.process.callTimeout}, else 10 minutes.
         */
        String callTimeout() default "";
    }

    /**
     * Runs the method's calls on the members of a Hazelcast cluster, as {@link Process @Lox.Process}
     * runs them on worker JVMs: receivers, arguments and results travel by value (the same codec),
     * results come back in scatter order, and a call's exception comes back as itself.
     * {@code value()} bounds the calls in flight across the cluster; each member runs the calls it
     * gets on its own executor, sized by the member. 0 runs calls in the caller, for debugging.
     *
     * <p>Which cluster: {@code -Dlox.cluster=...}, the agent option {@code cluster=...} or the
     * environment variable {@code LOX_CLUSTER} (the agent option wins over the property, which wins
     * over the environment), naming either {@code local:N} (lox starts N member JVMs on loopback with
     * the application's class path, and stops them at exit) or a Hazelcast configuration file. With
     * none, the calls run on local worker JVMs as a process pool's do, and lox says so once.
     *
     * <p>A member that leaves the cluster while it holds calls: they run again on other members
     * (at least once, so a call may run twice), and a call that lost its member
     * {@code lox.cluster.tries} times (3) fails with {@link WorkerCrashedException} naming the
     * member. docs/cluster.md has the set-up on several machines and the security model.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Cluster {
        /** {@link #value()}'s default: {@value PoolSpec#DEFAULT_CLUSTER_CALLS} calls in flight. */
        int DEFAULT_CALLS = PoolSpec.DEFAULT_CLUSTER_CALLS;

        /** The most calls in flight across the cluster; 0 runs calls inline in the caller. */
        int value() default DEFAULT_CALLS;

        /**
         * How long one call may run on a member before it fails with {@link CallTimeoutException}
         * and the member interrupts it: {@code "30s"}, {@code "10m"}, {@code "2h"}, {@code "500ms"},
         * ISO-8601 ({@code "PT45S"}), or {@code "none"}. Empty, the default:
         * {@code -Dlox.cluster.callTimeout}, else 10 minutes. A call that ignores the interrupt runs on
         * until it returns, holding one of the member's threads; its caller has its failure at once.
         */
        String callTimeout() default "";
    }

    /**
     * Makes the method a gather region (needs the agent): inside it, plain calls this thread makes
     * to parallel methods that return {@code void} or a future scatter, and returning from it
     * gathers them, throwing as {@link Handle#gather()} does.
     *
     * <p>A call whose scattering could change what the region computes (the agent names the
     * hazard: {@code try-catch}, {@code used-after}, {@code static-read}) runs synchronously unless
     * {@link #accept()} lists that hazard. So does a call the agent could not analyse (made in a
     * class it does not rewrite, by JDK code such as {@code forEach}, or through reflection), unless
     * {@code accept} lists {@code unanalysed}.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Gather {
        /**
         * The hazards accepted for the calls this region makes, by name ({@code "try-catch"},
         * {@code "used-after"}, {@code "static-read"}, {@code "unanalysed"}): calls with only these
         * hazards scatter.
         */
        String[] accept() default {};
    }

    /**
     * Carries a static {@code ThreadLocal} field into scattered calls (needs the agent): its value
     * on the scattering thread is read at scatter, set on the thread that runs the call for the call
     * only, and the thread's own value put back afterwards, however the call ends. A worker JVM
     * gets the value by value, set on its own copy of the field. The config rule
     * {@code carry com.example.RequestContext#CURRENT} does the same for code you cannot recompile.
     *
     * <pre>{@code
     * class RequestContext {
     *     @Lox.Carried
     *     static final ThreadLocal<String> USER = new ThreadLocal<>();
     * }
     * }</pre>
     *
     * <p>lox learns of the field when its class has initialized, never earlier: it never initializes
     * a class of the application to read a field.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Carried {
    }

    /** A pool of {@code threads} threads for the methods given to its {@code of(...)}, like {@code lox.thread(n)}. */
    public static Pool thread(int threads) {
        return new Pool(PoolSpec.threads(threads));
    }

    /** A virtual thread per call, with no bound on the calls in flight; see {@link Virtual @Lox.Virtual}. */
    public static Pool virtual() {
        return new Pool(PoolSpec.virtual(PoolSpec.UNBOUNDED));
    }

    /** A virtual thread per call, at most {@code calls} of them in flight; see {@link Virtual @Lox.Virtual}. */
    public static Pool virtual(int calls) {
        return new Pool(PoolSpec.virtual(calls));
    }

    /** A pool of {@code workers} worker JVMs, like {@code lox.process(n)}. */
    public static Pool process(int workers) {
        return new Pool(PoolSpec.processes(workers));
    }

    /** A pool of one worker JVM per available processor. */
    public static Pool process() {
        return process(PoolSpec.defaultProcesses());
    }

    /**
     * A pool on the members of the cluster lox is given, at most {@code calls} calls in flight; see
     * {@link Cluster @Lox.Cluster}.
     */
    public static Pool cluster(int calls) {
        return new Pool(PoolSpec.cluster(calls));
    }

    /** A pool on the members of the cluster lox is given, {@value PoolSpec#DEFAULT_CLUSTER_CALLS} calls in flight. */
    public static Pool cluster() {
        return cluster(PoolSpec.DEFAULT_CLUSTER_CALLS);
    }

    /**
     * Runs {@code region} as a gather region: plain calls it makes (on this thread) to parallel
     * methods that return {@code void} or a future scatter, and this returns once all of them are
     * done. If the region threw, that exception is thrown with the calls' failures suppressed in it;
     * otherwise the first failed call's, as {@link Handle#gather()} does. Plain calls scatter only
     * with the agent; regions nest.
     */
    public static void gather(Runnable region) {
        if (region == null) {
            throw new IllegalArgumentException("region cannot be null: pass the code to run, as in Lox.gather(() -> ...)");
        }
        GatherRegion.enter(GatherRegion.LOX_GATHER);
        Throwable thrown = null;
        try {
            // The block's calls scatter as the agent judged them; a lambda body's entry takes this request.
            GatherRegion.requestCall(GatherRegion.LOX_GATHER_BODY, true);
            region.run();
        } catch (Throwable t) {
            thrown = t;
        } finally {
            GatherRegion.endCallRequest();
        }
        Throwable failure = GatherRegion.exit(thrown);
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new ScatterException("gather region failed: " + failure, failure);
        }
    }

    /*
     * Each arity's overloads are written once, in Pool: Lox.of is the pool its method's marks select
     * (Pool.MARKED), and its overloads only pass the method on. Generating the families from a
     * template at build time was the other way; this one keeps every signature in plain source for
     * the compiler, javadoc and IDEs, and the extra call is inlined by the JIT (scripts/bench thread,
     * before and after, in docs/benchmarks-thread.md).
     */

    /** The handle of a method of no parameters that returns a value, with the pool its annotation or config rule gives. */
    public static <R> Handle0<R> of(Fn0<R> method) {
        return Pool.MARKED.of(method);
    }

    /** The handle of a {@code void} method of no parameters, with the pool its annotation or config rule gives; its results are nulls. */
    public static Handle0<Void> of(VoidFn0 method) {
        return Pool.MARKED.of(method);
    }

    /**
     * The handle of a method of one parameter that returns a value, with the pool its annotation or
     * config rule gives. For an overloaded method, name the overload with a typed variable or a cast,
     * as in {@code Lox.of((Fn1<String, Integer>) Sizes::size)} (see the class comment).
     */
    public static <A, R> Handle1<A, R> of(Fn1<A, R> method) {
        return Pool.MARKED.of(method);
    }

    /** The handle of a {@code void} method of one parameter, with the pool its annotation or config rule gives; its results are nulls. */
    public static <A> Handle1<A, Void> of(VoidFn1<A> method) {
        return Pool.MARKED.of(method);
    }

    /** The handle of a method of two parameters that returns a value, with the pool its annotation or config rule gives. */
    public static <A, B, R> Handle2<A, B, R> of(Fn2<A, B, R> method) {
        return Pool.MARKED.of(method);
    }

    /** The handle of a {@code void} method of two parameters, with the pool its annotation or config rule gives; its results are nulls. */
    public static <A, B> Handle2<A, B, Void> of(VoidFn2<A, B> method) {
        return Pool.MARKED.of(method);
    }

    /** The handle of a method of three parameters that returns a value, with the pool its annotation or config rule gives. */
    public static <A, B, C, R> Handle3<A, B, C, R> of(Fn3<A, B, C, R> method) {
        return Pool.MARKED.of(method);
    }

    /** The handle of a {@code void} method of three parameters, with the pool its annotation or config rule gives; its results are nulls. */
    public static <A, B, C> Handle3<A, B, C, Void> of(VoidFn3<A, B, C> method) {
        return Pool.MARKED.of(method);
    }

    /** The handle of a method of four parameters that returns a value, with the pool its annotation or config rule gives. */
    public static <A, B, C, D, R> Handle4<A, B, C, D, R> of(Fn4<A, B, C, D, R> method) {
        return Pool.MARKED.of(method);
    }

    /** The handle of a {@code void} method of four parameters, with the pool its annotation or config rule gives; its results are nulls. */
    public static <A, B, C, D> Handle4<A, B, C, D, Void> of(VoidFn4<A, B, C, D> method) {
        return Pool.MARKED.of(method);
    }

    /** The handle of a method of five parameters that returns a value, with the pool its annotation or config rule gives. */
    public static <A, B, C, D, E, R> Handle5<A, B, C, D, E, R> of(Fn5<A, B, C, D, E, R> method) {
        return Pool.MARKED.of(method);
    }

    /** The handle of a {@code void} method of five parameters, with the pool its annotation or config rule gives; its results are nulls. */
    public static <A, B, C, D, E> Handle5<A, B, C, D, E, Void> of(VoidFn5<A, B, C, D, E> method) {
        return Pool.MARKED.of(method);
    }

    /** The handle of a method of six parameters that returns a value, with the pool its annotation or config rule gives. */
    public static <A, B, C, D, E, F, R> Handle6<A, B, C, D, E, F, R> of(Fn6<A, B, C, D, E, F, R> method) {
        return Pool.MARKED.of(method);
    }

    /** The handle of a {@code void} method of six parameters, with the pool its annotation or config rule gives; its results are nulls. */
    public static <A, B, C, D, E, F> Handle6<A, B, C, D, E, F, Void> of(VoidFn6<A, B, C, D, E, F> method) {
        return Pool.MARKED.of(method);
    }

    /**
     * A pool given explicitly, as {@code lox.thread(10)(fn)} does: {@code Lox.thread(10).of(crawler::fetch)}.
     * Each method gets its own pool of these settings, shared by every handle made for it with them.
     */
    public static final class Pool {
        /** The pool a method's annotation or config rule gives it: what {@code Lox.of} uses. */
        private static final Pool MARKED = new Pool(null);

        private final PoolSpec spec; // null: the method's marks say

        private Pool(PoolSpec spec) {
            this.spec = spec;
        }

        /**
         * This pool, with calls that may run at most {@code timeout} in a worker: past it a call fails
         * with {@link CallTimeoutException}, its worker is replaced and the calls queued behind it go to
         * other workers. {@link Duration#ZERO} sets no limit. A pool's default is
         * {@code -Dlox.process.callTimeout}, else 10 minutes: {@code Lox.process(4).callTimeout(Duration.ofSeconds(30)).of(...)}.
         * On a cluster pool, how long a call may run on a member: past it the call fails with
         * {@link CallTimeoutException} and the member interrupts it (see {@link Cluster#callTimeout()});
         * the default is {@code -Dlox.cluster.callTimeout}, else 10 minutes.
         *
         * @throws IllegalArgumentException if this is not a process or cluster pool (a call on a thread
         *     cannot be stopped: bound the wait with {@code gather(Duration)} instead), or the timeout is negative
         */
        public Pool callTimeout(Duration timeout) {
            return new Pool(spec.withCallTimeout(timeout));
        }

        @SuppressWarnings("unchecked")
        private static <H> H handle(Serializable method, PoolSpec spec, Function<HandleCore, H> factory) {
            LambdaMethod lambda = LambdaMethod.of(method);
            ParallelMethod parallel = spec == null ? ParallelMethods.marked(lambda) : ParallelMethods.explicit(lambda, spec);
            return (H) parallel.handleCore(lambda.captured(), factory::apply).handle();
        }

        /** The handle of a method of no parameters that returns a value, on this pool. */
        public <R> Handle0<R> of(Fn0<R> method) {
            return handle(method, spec, core -> new Handle0<>(core, method));
        }

        /** The handle of a {@code void} method of no parameters, on this pool; its results are nulls. */
        public Handle0<Void> of(VoidFn0 method) {
            return handle(method, spec, core -> new Handle0<>(core, () -> {
                method.run();
                return null;
            }));
        }

        /** The handle of a method of one parameter that returns a value, on this pool. */
        public <A, R> Handle1<A, R> of(Fn1<A, R> method) {
            return handle(method, spec, core -> new Handle1<>(core, method));
        }

        /** The handle of a {@code void} method of one parameter, on this pool; its results are nulls. */
        public <A> Handle1<A, Void> of(VoidFn1<A> method) {
            return handle(method, spec, core -> new Handle1<>(core, (A a) -> {
                method.run(a);
                return null;
            }));
        }

        /** The handle of a method of two parameters that returns a value, on this pool. */
        public <A, B, R> Handle2<A, B, R> of(Fn2<A, B, R> method) {
            return handle(method, spec, core -> new Handle2<>(core, method));
        }

        /** The handle of a {@code void} method of two parameters, on this pool; its results are nulls. */
        public <A, B> Handle2<A, B, Void> of(VoidFn2<A, B> method) {
            return handle(method, spec, core -> new Handle2<>(core, (A a, B b) -> {
                method.run(a, b);
                return null;
            }));
        }

        /** The handle of a method of three parameters that returns a value, on this pool. */
        public <A, B, C, R> Handle3<A, B, C, R> of(Fn3<A, B, C, R> method) {
            return handle(method, spec, core -> new Handle3<>(core, method));
        }

        /** The handle of a {@code void} method of three parameters, on this pool; its results are nulls. */
        public <A, B, C> Handle3<A, B, C, Void> of(VoidFn3<A, B, C> method) {
            return handle(method, spec, core -> new Handle3<>(core, (A a, B b, C c) -> {
                method.run(a, b, c);
                return null;
            }));
        }

        /** The handle of a method of four parameters that returns a value, on this pool. */
        public <A, B, C, D, R> Handle4<A, B, C, D, R> of(Fn4<A, B, C, D, R> method) {
            return handle(method, spec, core -> new Handle4<>(core, method));
        }

        /** The handle of a {@code void} method of four parameters, on this pool; its results are nulls. */
        public <A, B, C, D> Handle4<A, B, C, D, Void> of(VoidFn4<A, B, C, D> method) {
            return handle(method, spec, core -> new Handle4<>(core, (A a, B b, C c, D d) -> {
                method.run(a, b, c, d);
                return null;
            }));
        }

        /** The handle of a method of five parameters that returns a value, on this pool. */
        public <A, B, C, D, E, R> Handle5<A, B, C, D, E, R> of(Fn5<A, B, C, D, E, R> method) {
            return handle(method, spec, core -> new Handle5<>(core, method));
        }

        /** The handle of a {@code void} method of five parameters, on this pool; its results are nulls. */
        public <A, B, C, D, E> Handle5<A, B, C, D, E, Void> of(VoidFn5<A, B, C, D, E> method) {
            return handle(method, spec, core -> new Handle5<>(core, (A a, B b, C c, D d, E e) -> {
                method.run(a, b, c, d, e);
                return null;
            }));
        }

        /** The handle of a method of six parameters that returns a value, on this pool. */
        public <A, B, C, D, E, F, R> Handle6<A, B, C, D, E, F, R> of(Fn6<A, B, C, D, E, F, R> method) {
            return handle(method, spec, core -> new Handle6<>(core, method));
        }

        /** The handle of a {@code void} method of six parameters, on this pool; its results are nulls. */
        public <A, B, C, D, E, F> Handle6<A, B, C, D, E, F, Void> of(VoidFn6<A, B, C, D, E, F> method) {
            return handle(method, spec, core -> new Handle6<>(core, (A a, B b, C c, D d, E e, F f) -> {
                method.run(a, b, c, d, e, f);
                return null;
            }));
        }

        @Override
        public String toString() {
            return spec == null ? "Lox.of" : "Lox." + spec;
        }
    }
}
