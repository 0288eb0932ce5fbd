package dev.lox.worker.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which worker a call goes to, and the calls that wait for room: pure decisions over a view of the
 * workers, with no processes, queues or threads, so that they are tested as data.
 *
 * <p>A call goes to a worker that takes calls and has room in its window: among the READY ones, the
 * one holding the fewest calls; a STARTING worker (its JVM spawned, not yet up) gets calls only when
 * no READY worker has room, since a call sent there waits for a whole JVM start while a warm worker
 * might be free in microseconds. With no room anywhere, or calls already waiting (a new call does not
 * overtake them), the call waits in the backlog, oldest first. Calls that are done by the time
 * their turn comes (cancelled) are dropped.
 *
 * <p>Not thread-safe: the pool calls it under its lock.
 *
 * @param <C> the calls
 */
final class Dispatcher<C> {
    /** What the dispatcher needs to know of the workers, by slot. */
    interface Workers {
        int count();

        /** Whether the worker in the slot takes calls at all. */
        boolean takesCalls(int slot);

        /** Whether it is up (READY) rather than starting. */
        boolean isReady(int slot);

        /** Calls it holds. */
        int held(int slot);

        /** How many more calls it may hold (its window less what it holds); may be negative. */
        int room(int slot);
    }

    private final ArrayDeque<C> backlog = new ArrayDeque<>();
    private final Predicate<? super C> isDone;
    private int[] assigned = new int[0];

    /** @param isDone whether a waiting call is over (cancelled) and is to be dropped, not sent */
    Dispatcher(Predicate<? super C> isDone) {
        this.isDone = isDone;
    }

    /**
     * The slot for a new call, or -1 if it must wait: no worker has room, or calls wait already (then
     * the caller {@linkplain #enqueue enqueues} it).
     */
    int route(Workers workers) {
        if (!backlog.isEmpty()) {
            return -1;
        }
        return best(workers, null);
    }

    /** Puts a call at the end of the backlog. */
    void enqueue(C call) {
        backlog.addLast(call);
    }

    /** Puts calls back at the front of the backlog, in their order: they were taken out and not sent, or moved off a worker. */
    void requeueFirst(List<? extends C> calls) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            backlog.addFirst(calls.get(i));
        }
    }

    /**
     * Takes up to {@code max} waiting calls, oldest first, and assigns each to the best worker with
     * room, counting what this plan already gives each worker; stops at the first call nobody has
     * room for. Fills {@code calls} and {@code slots} and returns how many.
     */
    int plan(Workers workers, Object[] calls, int[] slots, int max) {
        int n = workers.count();
        if (assigned.length != n) {
            assigned = new int[n];
        }
        java.util.Arrays.fill(assigned, 0);
        int count = 0;
        while (count < max && !backlog.isEmpty()) {
            C next = backlog.peekFirst();
            if (isDone.test(next)) {
                backlog.pollFirst();
                continue;
            }
            int slot = best(workers, assigned);
            if (slot < 0) {
                break;
            }
            assigned[slot]++;
            calls[count] = backlog.pollFirst();
            slots[count++] = slot;
        }
        return count;
    }

    /** The READY worker with room holding the fewest calls; else such a STARTING one; else -1. */
    private static int best(Workers workers, int[] assigned) {
        int best = -1;
        boolean bestReady = false;
        int bestHeld = 0;
        for (int i = 0; i < workers.count(); i++) {
            int extra = assigned == null ? 0 : assigned[i];
            if (!workers.takesCalls(i) || workers.room(i) <= extra) {
                continue;
            }
            boolean ready = workers.isReady(i);
            int held = workers.held(i) + extra;
            if (best < 0 || (ready && !bestReady) || (ready == bestReady && held < bestHeld)) {
                best = i;
                bestReady = ready;
                bestHeld = held;
            }
        }
        return best;
    }

    /** Whether a waiting call could be sent now. */
    boolean canSend(Workers workers) {
        return !backlog.isEmpty() && best(workers, null) >= 0;
    }

    boolean hasWaiting() {
        return !backlog.isEmpty();
    }

    int waiting() {
        return backlog.size();
    }

    /** Takes every waiting call out, oldest first. */
    List<C> takeAll() {
        List<C> all = new ArrayList<>(backlog);
        backlog.clear();
        return all;
    }
}
