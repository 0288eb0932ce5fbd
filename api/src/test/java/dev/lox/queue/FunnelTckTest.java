package dev.lox.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.lock.TestThreads;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Properties of {@link Funnel}, one per test, in the manner of the JSR-166 TCK. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FunnelTckTest {
    private final Funnel<String> funnel = new Funnel<>();
    private final Funnel.Input<String> a = funnel.subscribe();
    private final Funnel.Input<String> b = funnel.subscribe();
    private final Funnel.Input<String> c = funnel.subscribe();

    /** A job is emitted only when every input has put its part, and its items are in subscribe order whatever the put order. */
    @Test
    void emitsOnlyWhenEveryInputPut() throws Exception {
        c.put("C", 1);
        assertNull(funnel.poll(Duration.ZERO));
        a.put("A", 1);
        assertNull(funnel.poll(Duration.ZERO));
        assertEquals(1, funnel.pendingJobs());
        b.put("B", 1);
        Funnel.Result<String> r = funnel.poll(Duration.ZERO);
        assertEquals(1, r.jobId());
        assertEquals(List.of("A", "B", "C"), r.items());
        assertEquals(0, funnel.pendingJobs());
        assertThrows(UnsupportedOperationException.class, () -> r.items().set(0, "x"));
    }

    /** Interleaved jobs are joined independently and come out in completion order. */
    @Test
    void interleavedJobs() throws Exception {
        a.put("a1", "j1");
        a.put("a2", "j2");
        b.put("b2", "j2");
        b.put("b1", "j1");
        c.put("c2", "j2");
        c.put("c1", "j1");
        assertEquals("j2", funnel.get().jobId());
        Funnel.Result<String> j1 = funnel.get();
        assertEquals("j1", j1.jobId());
        assertEquals(List.of("a1", "b1", "c1"), j1.items());
    }

    /** Job ids are compared with equals, and an id may be used again once its job is complete. */
    @Test
    void jobIdsByEqualityAndReusable() throws Exception {
        a.put("1", new String("job"));
        b.put("2", new String("job"));
        c.put("3", "job");
        assertEquals(List.of("1", "2", "3"), funnel.get().items());
        a.put("4", "job");
        b.put("5", "job");
        c.put("6", "job");
        assertEquals(List.of("4", "5", "6"), funnel.get().items());
    }

    /** An input that subscribes while a job is partly put is needed for that job too (as in lox). */
    @Test
    void lateInputJoinsPendingJob() throws Exception {
        a.put("A", 7);
        b.put("B", 7);
        Funnel.Input<String> d = funnel.subscribe();
        assertEquals(3, d.index());
        c.put("C", 7);
        assertNull(funnel.poll(Duration.ZERO));
        d.put("D", 7);
        assertEquals(List.of("A", "B", "C", "D"), funnel.get().items());
    }

    /** Parts may be null. */
    @Test
    void nullParts() throws Exception {
        a.put(null, 1);
        b.put("B", 1);
        c.put(null, 1);
        assertEquals(Arrays.asList(null, "B", null), funnel.get().items());
    }

    /** An input putting a second part of an unfinished job is refused, instead of silently replacing the first. */
    @Test
    void secondPartRefused() throws Exception {
        a.put("first", 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.put("second", 1));
        assertTrue(e.getMessage().contains("input 0 put a second part for job 1"), e.getMessage());
        b.put("B", 1);
        c.put("C", 1);
        assertEquals(List.of("first", "B", "C"), funnel.get().items());
    }

    /** A null job id is refused with a message naming it. */
    @Test
    void nullJobIdRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.put("x", null));
        assertTrue(e.getMessage().contains("job id cannot be null"), e.getMessage());
    }

    /** poll returns null on timeout; get() waiting for a job wakes when the last part is put. */
    @Test
    void pollTimeoutAndGetWakes() throws Exception {
        assertNull(funnel.poll(Duration.ofMillis(20)));
        TestThreads.Started<Funnel.Result<String>> taker = TestThreads.start("taker", funnel::get).awaitBlocked();
        a.put("A", 1);
        b.put("B", 1);
        c.put("C", 1);
        assertEquals(1, taker.join().jobId());
    }

    /** get() interrupted while waiting throws InterruptedException. */
    @Test
    void getInterrupted() throws Exception {
        TestThreads.Started<Funnel.Result<String>> taker = TestThreads.start("taker", funnel::get).awaitBlocked();
        taker.thread.interrupt();
        assertInstanceOf(InterruptedException.class, taker.failure());
    }
}
