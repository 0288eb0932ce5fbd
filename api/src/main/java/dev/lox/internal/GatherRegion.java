package dev.lox.internal;

import java.lang.invoke.MethodHandle;
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
 * region opens, it is a call-site constant ({@code false}) that the JIT folds away, and compiled
 * code that relied on it is thrown away once, when the first region opens. From then on it reads
 * one shared counter and touches the thread-local only while some thread is inside a region.
 */
public final class GatherRegion {
    private static final MutableCallSite EVER_OPENED = new MutableCallSite(MethodHandles.constant(boolean.class, false));
    private static final MethodHandle EVER_OPENED_TEST = EVER_OPENED.dynamicInvoker();
    private static volatile boolean everOpened;
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final ThreadLocal<GatherRegion> CURRENT = new ThreadLocal<>();

    private final GatherRegion outer;
    private final PendingCalls calls;

    private GatherRegion(GatherRegion outer, String name) {
        this.outer = outer;
        this.calls = PendingCalls.forRegion(name);
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
            return (boolean) EVER_OPENED_TEST.invokeExact();
        } catch (Throwable impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** Opens a region on this thread; every {@code enter} must be paired with an {@link #exit}. */
    public static void enter(String name) {
        CURRENT.set(new GatherRegion(CURRENT.get(), name));
        OPEN.incrementAndGet();
        if (!everOpened) {
            markOpened();
        }
    }

    private static synchronized void markOpened() {
        if (!everOpened) {
            everOpened = true;
            EVER_OPENED.setTarget(MethodHandles.constant(boolean.class, true));
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

    public void add(CompletableFuture<?> call) {
        calls.add(call);
    }
}
