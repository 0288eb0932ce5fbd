package dev.lox.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MutableCallSite;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gather region: while a thread is inside one, plain calls it makes to parallel methods that
 * return {@code void} or a future are scattered instead of run, and leaving the region gathers
 * them. Regions nest and belong to one thread.
 *
 * <p>The agent's advice runs on every call of an instrumented method, so the test it makes first,
 * {@link #current()}, must cost nothing in a program that never opens a region: until the first
 * region opens, it is a call-site constant (null: no region yet) that the JIT folds away, and compiled
 * code that relied on it is thrown away once, when the first region opens. From then on it reads
 * one shared counter and touches the thread-local only while some thread is inside a region.
 */
public final class GatherRegion {
    /** The name of a region {@code Lox.gather(...)} opens. */
    public static final String LOX_GATHER = "Lox.gather region";
    /**
     * What {@code Lox.gather} names, in its {@link #requestCall}, the block it runs: a lambda body
     * or a method reference handed straight to it, whose entry code takes this request too.
     */
    public static final String LOX_GATHER_BODY = "Lox.gather(Runnable)";
    /**
     * Whether a region was ever opened, as a constant the JIT folds: null until then, then
     * {@link Boolean#TRUE}. A reference, not a {@code boolean}: on Java 17 the first call of a
     * {@code ()boolean} handle spins lambda forms that the JDK's archive has for {@code ()Object}
     * (about 4 ms less at the first region, docs/benchmarks.md, the start-up section).
     *
     * <p>Read through {@link MutableCallSite#getTarget()}, not a {@code dynamicInvoker()}: the JIT
     * treats {@code CallSite.target} of a constant call site as a constant (recording a dependency
     * that {@code setTarget} breaks), which is the fold a dynamic invoker relies on too; making one
     * spins two lambda forms (a {@code foldArguments}) at the first region, 1.5-3 ms of start-up.
     */
    private static final MutableCallSite EVER_OPENED = new MutableCallSite(MethodHandles.constant(Object.class, null));
    private static volatile boolean everOpened;
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final ThreadLocal<GatherRegion> CURRENT = new ThreadLocal<>();

    private final GatherRegion outer;
    private final String name;
    private final PendingCalls calls;
    /** Whether calls that no analysed call site asked to scatter may scatter here all the same (the region accepts "unanalysed"). */
    private final boolean acceptsUnanalysed;
    /**
     * The method (name and descriptor, as the call instruction names it) an analysed call site is
     * calling, set right before its call until that method's entry takes it or the call site clears
     * it, and whether the call site found the call safe to scatter; only this region's thread
     * touches them.
     */
    private String requestedCallee;
    private boolean requestScatters;

    private GatherRegion(GatherRegion outer, String name, boolean acceptsUnanalysed) {
        this.outer = outer;
        this.name = name;
        this.calls = PendingCalls.forRegion(name);
        this.acceptsUnanalysed = acceptsUnanalysed;
    }

    /** The innermost region of this thread, or null. */
    public static GatherRegion current() {
        if (!everOpened()) {
            return null;
        }
        return OPEN.get() == 0 ? null : CURRENT.get();
    }

    private static boolean everOpened() {
        try {
            return (Object) EVER_OPENED.getTarget().invokeExact() != null;
        } catch (Throwable impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** Opens a region on this thread; every {@code enter} must be paired with an {@link #exit}. */
    public static void enter(String name) {
        enter(name, false);
    }

    /**
     * Opens a region on this thread, as {@link #enter(String)}; with {@code acceptsUnanalysed}, a
     * call of a parallel method that no analysed call site asked to scatter (one made from code the
     * agent did not rewrite) scatters all the same: the region's rule or annotation accepts the
     * hazard {@code unanalysed}.
     */
    public static void enter(String name, boolean acceptsUnanalysed) {
        CURRENT.set(new GatherRegion(CURRENT.get(), name, acceptsUnanalysed));
        OPEN.incrementAndGet();
        if (!everOpened) {
            markOpened();
        }
    }

    private static synchronized void markOpened() {
        if (!everOpened) {
            everOpened = true;
            EVER_OPENED.setTarget(MethodHandles.constant(Object.class, Boolean.TRUE));
            // Makes the new target visible to threads already running code that read the old one.
            MutableCallSite.syncAll(new MutableCallSite[] {EVER_OPENED});
        }
    }

    /**
     * Closes this thread's innermost region: waits for every call scattered in it, and returns what
     * the region should throw: the region's own exception {@code thrown} (with the calls' failures
     * added as suppressed), else the first failed call's, else null.
     */
    public static Throwable exit(Throwable thrown) {
        GatherRegion region = CURRENT.get();
        if (region == null) {
            return thrown; // a region opened before the agent could see it; nothing to gather
        }
        if (region.outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(region.outer);
        }
        OPEN.decrementAndGet();
        return region.calls.gatherForRegion(thrown);
    }

    /**
     * Takes this thread out of its regions until {@link #resume}: a handle's {@code call(...)} is a
     * plain synchronous call even inside a region.
     */
    public static GatherRegion suspend() {
        GatherRegion region = current();
        if (region != null) {
            CURRENT.remove();
        }
        return region;
    }

    public static void resume(GatherRegion region) {
        if (region != null) {
            CURRENT.set(region);
        }
    }

    /**
     * Called by a call site the agent analysed, right before its call: the rewritten method it
     * reaches, {@code callee} (its name and descriptor, as the call instruction names it), may
     * scatter its call in this region (or let its own calls scatter) if the analysis found that
     * safe ({@code scatter}), else runs as written (see {@link #suspendUnlessRequested}). No effect
     * outside a region.
     */
    public static void requestCall(String callee, boolean scatter) {
        GatherRegion region = current();
        if (region != null) {
            region.requestedCallee = callee;
            region.requestScatters = scatter;
        }
    }

    /**
     * Called by the same call site right after its call returns: clears a request that no
     * rewritten method took (the call reached an override the agent did not rewrite), so that it
     * cannot count for another call.
     */
    public static void endCallRequest() {
        GatherRegion region = current();
        if (region != null) {
            region.requestedCallee = null;
        }
    }

    /**
     * Called on entry of a rewritten method whose call may scatter, or whose own calls may: a
     * parallel method, or a method holding scattering call sites. Returns null when the call goes
     * on in the thread's region: there is none, or an analysed call site found the call safe
     * ({@link #requestCall}), or the call site was not analysed and the region or the method's rule
     * accepts {@code unanalysed}. Otherwise it takes the thread out of its regions for the call, so
     * the call runs as written, and returns them, for {@link #resume} at the method's exit however
     * it ends. A call site the agent did not analyse (in a class it does not rewrite, in JDK code
     * such as {@code forEach}, through reflection) is said once ({@link UnanalysedCalls}); a
     * hazardous one was said when its class loaded.
     *
     * @param callee the method's name and descriptor, which a request names
     * @param id the parallel method's id, or -1 for a method holding scattering calls
     * @param display the method as messages name it, {@code Images.fetch(String)}
     * @param ruleAccepts whether the method's own rule accepts {@code unanalysed}
     * @param gatherBody whether the method is handed straight to {@code Lox.gather} somewhere (a
     *     lambda body, a method reference), so that {@code Lox.gather}'s request
     *     ({@link #LOX_GATHER_BODY}) is for it too
     */
    public static GatherRegion suspendUnlessRequested(String callee, int id, String display, boolean ruleAccepts,
            boolean gatherBody) {
        GatherRegion region = current();
        if (region == null) {
            return null;
        }
        String requested = region.requestedCallee;
        region.requestedCallee = null;
        if (requested == callee || (gatherBody && requested == LOX_GATHER_BODY) || (requested != null && sameCall(requested, callee))) {
            return region.requestScatters ? null : suspend();
        }
        if (ruleAccepts || region.acceptsUnanalysed) {
            return null;
        }
        UnanalysedCalls.ranAsWritten(id, display, region.name);
        return suspend();
    }

    /**
     * Whether a request names the method whose entry is running: the same name and number of
     * parameters. A call through a generic interface names the erased method
     * ({@code process(Ljava/lang/Object;)V}) and reaches the implementation through its bridge
     * ({@code process(Ljava/lang/String;)V}), which the agent does not rewrite. The first rewritten
     * entry after a request takes it or clears it, so only a method of that name and arity reached
     * before the one the call site named (from an override the agent did not rewrite) could take it.
     */
    private static boolean sameCall(String requested, String callee) {
        int open = callee.indexOf('(');
        return requested.regionMatches(0, callee, 0, open + 1) && Descriptors.parameterCount(requested) == Descriptors.parameterCount(callee);
    }

    public void add(CompletableFuture<?> call) {
        calls.add(call);
    }
}
