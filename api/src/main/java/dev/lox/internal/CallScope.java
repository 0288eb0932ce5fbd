package dev.lox.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls that one running call scatters on handles, kept apart from every other thread's: a
 * recursive method that scatters and gathers on its own handle gets its own calls back, not those
 * its sibling calls scattered meanwhile. The calls it did not gather are handed to the handles'
 * shared lists when it ends. Used only by the thread running the call.
 *
 * <p>A thread of a lox pool keeps its innermost scope in a field ({@link PoolThread#scope}), made on
 * the call's first scatter, so a call that scatters nothing costs two field writes. A virtual thread
 * lox started for a call runs that one call its whole life: its scope is made only if the call
 * scatters on a handle, and kept in a map by thread, so a call that scatters nothing costs nothing
 * (a thread-local would allocate a fresh virtual thread's map, about 150 bytes, on every call).
 * Any other thread has a scope only inside an inline call (debug mode, size 0), kept in a
 * thread-local that is read only while some inline call is running: a scatter outside any call
 * reads one shared counter.
 */
final class CallScope {
    /** A call is running on this thread and has not scattered on a handle yet. */
    private static final CallScope NOT_YET = new CallScope();
    private static final ThreadLocal<CallScope> OUTSIDE_POOLS = new ThreadLocal<>();
    private static final AtomicInteger OPEN_OUTSIDE_POOLS = new AtomicInteger();
    /** The scopes of calls on lox's virtual threads that scattered on a handle, until each call ends. */
    private static final ConcurrentHashMap<Thread, CallScope> VIRTUAL_CALLS = new ConcurrentHashMap<>();

    private Map<PendingCalls, List<CompletableFuture<?>>> calls;

    private CallScope() {
    }

    /** The scope calls scattered on handles now belong to, made if need be; null outside any call. */
    static CallScope current() {
        Thread thread = Thread.currentThread();
        if (thread instanceof PoolThread pool) {
            CallScope scope = pool.scope;
            if (scope == NOT_YET) {
                scope = new CallScope();
                pool.scope = scope;
            }
            return scope;
        }
        if (OPEN_OUTSIDE_POOLS.get() != 0) {
            CallScope scope = OUTSIDE_POOLS.get();
            if (scope == NOT_YET) {
                scope = new CallScope();
                OUTSIDE_POOLS.set(scope);
            }
            if (scope != null) {
                return scope; // an inline call, perhaps inside a virtual thread's call: the innermost
            }
        }
        if (!VirtualCallPool.runsCall(thread)) {
            return null;
        }
        CallScope scope = VIRTUAL_CALLS.get(thread);
        if (scope == null) {
            scope = new CallScope();
            VIRTUAL_CALLS.put(thread, scope); // only this thread puts or removes its own entry
        }
        return scope;
    }

    /**
     * The call on this virtual thread of lox's has ended: hands the calls it did not gather to their
     * handles, if it scattered any. Costs a read while no virtual call has scattered.
     */
    static void endVirtualCall() {
        if (VIRTUAL_CALLS.isEmpty()) {
            return;
        }
        CallScope scope = VIRTUAL_CALLS.remove(Thread.currentThread());
        if (scope != null) {
            scope.handOver();
        }
    }

    /** A call starts on {@code thread}; returns what {@link #exit} restores. */
    static CallScope enter(PoolThread thread) {
        CallScope outer = thread.scope;
        thread.scope = NOT_YET;
        return outer;
    }

    /** The call {@link #enter} began has ended: hands the calls it did not gather to their handles. */
    static void exit(PoolThread thread, CallScope outer) {
        CallScope scope = thread.scope;
        thread.scope = outer;
        scope.handOver();
    }

    /** An inline call starts on this thread, whatever it is; returns what {@link #exitInline} restores. */
    static CallScope enterInline() {
        if (Thread.currentThread() instanceof PoolThread pool) {
            return enter(pool);
        }
        OPEN_OUTSIDE_POOLS.incrementAndGet();
        CallScope outer = OUTSIDE_POOLS.get();
        OUTSIDE_POOLS.set(NOT_YET);
        return outer;
    }

    static void exitInline(CallScope outer) {
        if (Thread.currentThread() instanceof PoolThread pool) {
            exit(pool, outer);
            return;
        }
        CallScope scope = OUTSIDE_POOLS.get();
        if (outer == null) {
            OUTSIDE_POOLS.remove();
        } else {
            OUTSIDE_POOLS.set(outer);
        }
        OPEN_OUTSIDE_POOLS.decrementAndGet();
        scope.handOver();
    }

    private void handOver() {
        if (calls == null) {
            return; // NOT_YET too: it never holds calls
        }
        for (Map.Entry<PendingCalls, List<CompletableFuture<?>>> e : calls.entrySet()) {
            e.getKey().addLeftOver(e.getValue());
        }
        calls = null;
    }

    /** The calls this scope scattered on {@code handle} and has not gathered, to add to. */
    List<CompletableFuture<?>> calls(PendingCalls handle) {
        if (calls == null) {
            calls = new IdentityHashMap<>(4);
        }
        return calls.computeIfAbsent(handle, h -> new ArrayList<>());
    }

    /** Takes the calls this scope scattered on {@code handle} and has not gathered. */
    List<CompletableFuture<?>> take(PendingCalls handle) {
        List<CompletableFuture<?>> taken = calls == null ? null : calls.remove(handle);
        return taken == null ? new ArrayList<>() : taken;
    }

    int count(PendingCalls handle) {
        List<CompletableFuture<?>> list = calls == null ? null : calls.get(handle);
        return list == null ? 0 : list.size();
    }
}
