package dev.lox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared list when the thread that made it (its owner) and another thread scatter and gather
 * at once: no call is lost or gathered twice, each thread's calls keep their order, and calls
 * ordered by happens-before come back in that order. The list holds this under its lock; the test
 * is there for any append made without it (an owner-only fast path is measured in
 * docs/benchmarks-thread.md). Every wait is bounded.
 */
@Timeout(120)
class PendingCallsOwnerTest {
    private static final int CALLS = 100_000;

    private static final Runnable NOTHING = () -> {
    };

    private static CompletableFuture<?> call(int value) {
        return CompletableFuture.completedFuture(value);
    }

    /**
     * Another thread scatters while the owner scatters and gathers: every call once, in each
     * thread's order. Repeated: an owner's append without the lock and without a handshake failed one run in two.
     */
    @RepeatedTest(10)
    void anotherThreadScatteringWhileTheOwnerGathersLosesNoCall() throws Exception {
        PendingCalls pending = new PendingCalls("race", NOTHING, NOTHING);
        List<Object> gathered = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                started.countDown();
                for (int i = 0; i < CALLS; i++) {
                    pending.add(call(-1 - i)); // negative: the other thread's
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        // The owner has appended alone before the other thread starts.
        for (int i = 0; i < 10; i++) {
            pending.add(call(i));
        }
        other.start();
        assertTrue(started.await(30, TimeUnit.SECONDS));
        for (int i = 10; i < CALLS; i++) {
            pending.add(call(i));
            if (i % 997 == 0) {
                gathered.addAll(pending.gather((Progress) null));
            }
        }
        other.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(other.isAlive(), "the other thread did not finish");
        assertEquals(null, failed.get());
        gathered.addAll(pending.gather((Progress) null));
        assertEquals(0, pending.size());

        assertEquals(2 * CALLS, gathered.size());
        int nextOwn = 0;
        int nextOther = -1;
        for (Object value : gathered) {
            int v = (Integer) value;
            if (v >= 0) {
                assertEquals(nextOwn++, v, "the owner's calls in scatter order, each once");
            } else {
                assertEquals(nextOther--, v, "the other thread's calls in scatter order, each once");
            }
        }
    }

    /** Another thread gathers while the owner scatters: every call reaches exactly one gather. */
    @RepeatedTest(10)
    void anotherThreadGatheringWhileTheOwnerScattersLosesNoCall() throws Exception {
        PendingCalls pending = new PendingCalls("race", NOTHING, NOTHING);
        List<Object> gatheredByOther = new ArrayList<>();
        CountDownLatch ownerDone = new CountDownLatch(1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        pending.add(call(0));
        Thread other = new Thread(() -> {
            try {
                while (ownerDone.getCount() > 0) {
                    gatheredByOther.addAll(pending.gather((Progress) null));
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        other.start();
        for (int i = 1; i < CALLS; i++) {
            pending.add(call(i));
        }
        ownerDone.countDown();
        other.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(other.isAlive(), "the other thread did not finish");
        assertEquals(null, failed.get());
        List<Object> all = new ArrayList<>(gatheredByOther); // the join orders the other's list before this read
        all.addAll(pending.gather((Progress) null));
        assertEquals(CALLS, all.size());
        for (int i = 0; i < CALLS; i++) {
            assertEquals(i, all.get(i), "each call once, in scatter order");
        }
    }

    /** A call scattered by another thread between two of the owner's, ordered by a latch, comes back between them. */
    @Test
    void callsOrderedByHappensBeforeKeepThatOrder() throws Exception {
        PendingCalls pending = new PendingCalls("order", NOTHING, NOTHING);
        pending.add(call(1));
        pending.add(call(2)); // the owner alone so far
        CountDownLatch added = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            pending.add(call(3));
            added.countDown();
        });
        other.start();
        assertTrue(added.await(30, TimeUnit.SECONDS));
        pending.add(call(4));
        assertEquals(List.of(1, 2, 3, 4), pending.gather((Progress) null));
        other.join(TimeUnit.SECONDS.toMillis(30));
    }
}
