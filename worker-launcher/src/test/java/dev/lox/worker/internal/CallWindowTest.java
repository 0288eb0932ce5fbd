package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How many calls a worker may hold, from how long its calls take. */
class CallWindowTest {

    private static CallWindow after(long... serviceNanos) {
        CallWindow window = CallWindow.bounded();
        for (long nanos : serviceNanos) {
            window.answered(nanos);
        }
        window.resize();
        return window;
    }

    @Test
    void aWorkerThatHasAnsweredNothingHoldsOneCall() {
        CallWindow window = CallWindow.bounded();
        window.resize();
        assertEquals(1, window.size());
    }

    @Test
    void tinyCallsGetTheDeepestWindow() {
        assertEquals(CallWindow.MAX, after(0).size());
        assertEquals(CallWindow.MAX, after(100).size());
    }

    @Test
    void theWindowHoldsAboutTheTargetOfWork() {
        long tenMicros = TimeUnit.MICROSECONDS.toNanos(10);
        assertEquals(CallWindow.TARGET_NANOS / tenMicros, after(tenMicros).size());
    }

    @Test
    void slowCallsGetTwoSoThatTheNextIsAlreadyThere() {
        assertEquals(2, after(TimeUnit.MILLISECONDS.toNanos(50)).size());
    }

    @Test
    void oneLongAnswerAmongTinyOnesNarrowsTheWindowWithoutClosingIt() {
        long[] answers = new long[101];
        Arrays.fill(answers, 200);
        answers[100] = TimeUnit.MILLISECONDS.toNanos(4); // a worker descheduled for a timeslice mid-call
        int size = after(answers).size();
        assertTrue(size > 100 && size < CallWindow.MAX, "window " + size);
    }

    @Test
    void callsThatGetSlowCloseTheWindowWithinAFewAnswers() {
        long[] answers = new long[106];
        Arrays.fill(answers, 200);
        Arrays.fill(answers, 100, 106, TimeUnit.MILLISECONDS.toNanos(10));
        assertEquals(2, after(answers).size());
    }

    @Test
    void theWindowOpensAgainAsQuickAnswersComeIn() {
        CallWindow window = after(TimeUnit.MILLISECONDS.toNanos(5)); // a fresh worker's first, slow call
        int answers = 0;
        while (window.size() < CallWindow.MAX && answers < 1000) {
            window.answered(100);
            window.resize();
            answers++;
        }
        assertEquals(CallWindow.MAX, window.size());
        assertTrue(answers < 100, "reopened after " + answers + " answers");
    }

    /** A pool's only worker takes every call at once, whatever its calls take: there is no other worker to balance with. */
    @Test
    void theOnlyWorkerOfAPoolIsNeverHeldBack() {
        CallWindow window = CallWindow.unbounded();
        assertEquals(Integer.MAX_VALUE, window.size(), "before any answer");
        window.answered(TimeUnit.SECONDS.toNanos(1));
        window.resize();
        assertEquals(Integer.MAX_VALUE, window.size(), "after a slow answer");
    }
}
