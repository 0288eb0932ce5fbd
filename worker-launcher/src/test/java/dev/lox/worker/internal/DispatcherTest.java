package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dispatcher's decisions, as data: no JVMs, no queues. */
class DispatcherTest {

    /** Workers described by arrays: whether each takes calls, is ready, holds how many, may hold how many. */
    private static final class Fake implements Dispatcher.Workers {
        final boolean[] takes;
        final boolean[] ready;
        final int[] held;
        final int[] window;

        Fake(boolean[] takes, boolean[] ready, int[] held, int[] window) {
            this.takes = takes;
            this.ready = ready;
            this.held = held;
            this.window = window;
        }

        @Override
        public int count() {
            return takes.length;
        }

        @Override
        public boolean takesCalls(int slot) {
            return takes[slot];
        }

        @Override
        public boolean isReady(int slot) {
            return ready[slot];
        }

        @Override
        public int held(int slot) {
            return held[slot];
        }

        @Override
        public int room(int slot) {
            return window[slot] - held[slot];
        }
    }

    private final Set<String> done = new HashSet<>();
    private final Dispatcher<String> dispatcher = new Dispatcher<>(done::contains);

    @Test
    void aReadyWorkerWithRoomIsPreferredToAStartingOneHoldingFewer() {
        // slot 0: a cold replacement, holding nothing; slot 1: warm, holding 3 of 8
        Fake w = new Fake(new boolean[] {true, true}, new boolean[] {false, true}, new int[] {0, 3}, new int[] {1, 8});
        assertEquals(1, dispatcher.route(w));
    }

    @Test
    void aStartingWorkerGetsCallsOnlyWhenNoReadyWorkerHasRoom() {
        Fake w = new Fake(new boolean[] {true, true}, new boolean[] {false, true}, new int[] {0, 8}, new int[] {1, 8});
        assertEquals(0, dispatcher.route(w));
    }

    @Test
    void amongReadyWorkersTheOneHoldingFewestGetsTheCall() {
        Fake w = new Fake(new boolean[] {true, true, true}, new boolean[] {true, true, true}, new int[] {4, 2, 3}, new int[] {8, 8, 8});
        assertEquals(1, dispatcher.route(w));
    }

    @Test
    void workersThatTakeNoCallsGetNone() {
        Fake w = new Fake(new boolean[] {false, false}, new boolean[] {true, true}, new int[] {0, 0}, new int[] {8, 8});
        assertEquals(-1, dispatcher.route(w));
    }

    @Test
    void aNewCallDoesNotOvertakeWaitingOnes() {
        Fake w = new Fake(new boolean[] {true}, new boolean[] {true}, new int[] {0}, new int[] {8});
        dispatcher.enqueue("waiting");
        assertEquals(-1, dispatcher.route(w), "calls wait already: the new one waits behind them");
    }

    @Test
    void aPlanFillsWindowsOldestFirstAndBalancesByHeldCalls() {
        Fake w = new Fake(new boolean[] {true, true}, new boolean[] {true, true}, new int[] {1, 0}, new int[] {2, 2});
        for (String c : List.of("a", "b", "c", "d")) {
            dispatcher.enqueue(c);
        }
        Object[] calls = new Object[8];
        int[] slots = new int[8];
        int n = dispatcher.plan(w, calls, slots, 8);
        assertEquals(3, n, "room for 1 + 2 calls");
        assertArrayEquals(new Object[] {"a", "b", "c"}, Arrays.copyOf(calls, n));
        assertArrayEquals(new int[] {1, 0, 1}, Arrays.copyOf(slots, n));
        assertEquals(1, dispatcher.waiting(), "d waits");
    }

    @Test
    void aPlanPrefersReadyWorkersAndUsesStartingOnesForTheRest() {
        Fake w = new Fake(new boolean[] {true, true}, new boolean[] {false, true}, new int[] {0, 0}, new int[] {1, 2});
        for (String c : List.of("a", "b", "c", "d")) {
            dispatcher.enqueue(c);
        }
        Object[] calls = new Object[8];
        int[] slots = new int[8];
        int n = dispatcher.plan(w, calls, slots, 8);
        assertEquals(3, n);
        assertArrayEquals(new int[] {1, 1, 0}, Arrays.copyOf(slots, n), "the ready worker's room first, then the starting one");
    }

    @Test
    void cancelledCallsAreDroppedNotSent() {
        Fake w = new Fake(new boolean[] {true}, new boolean[] {true}, new int[] {0}, new int[] {8});
        dispatcher.enqueue("a");
        dispatcher.enqueue("b");
        done.add("a");
        Object[] calls = new Object[8];
        int[] slots = new int[8];
        assertEquals(1, dispatcher.plan(w, calls, slots, 8));
        assertEquals("b", calls[0]);
        assertFalse(dispatcher.hasWaiting());
    }

    @Test
    void callsMovedOffAWorkerGoFirstInTheirOrder() {
        dispatcher.enqueue("later");
        dispatcher.requeueFirst(List.of("x", "y"));
        assertEquals(List.of("x", "y", "later"), dispatcher.takeAll());
        assertTrue(dispatcher.takeAll().isEmpty());
    }
}
