package dev.lox.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gather region: while a thread is inside one, plain calls it makes to parallel methods that
 * return {@code void} or a future are scattered instead of run, and leaving the region gathers
 * them. Regions nest and belong to one thread.
 *
 * <p>The agent's advice runs on every call of an instrumented method, so the test it makes first,
 * {@link #current()}, reads one shared counter and touches the thread-local only when some thread,
 * somewhere, is inside a region.
 */
public final class GatherRegion {
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final ThreadLocal<GatherRegion> CURRENT = new ThreadLocal<>();

    private final GatherRegion outer;
    private final PendingCalls calls;

    private GatherRegion(GatherRegion outer, String name) {
        this.outer = outer;
        this.calls = new PendingCalls(name);
    }

    /** The innermost region of this thread, or null. */
    public static GatherRegion current() {
        return OPEN.get() == 0 ? null : CURRENT.get();
    }

    /** Opens a region on this thread; every {@code enter} must be paired with an {@link #exit}. */
    public static void enter(String name) {
        CURRENT.set(new GatherRegion(CURRENT.get(), name));
        OPEN.incrementAndGet();
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
