package dev.lox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.internal.Descriptors;
import dev.lox.internal.ParallelMethods;
import dev.lox.internal.PlainCalls;
import dev.lox.internal.PoolSpec;
import dev.lox.spi.MethodRef;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many calls failing the same way are summarized, not repeated (issue 7, item 5), and every
 * TimeoutException says what timed out and after how long (issue 8).
 */
@Timeout(60)
class FailureSummaryTest {

    @Lox.Thread(4)
    static int check(int i) throws IOException {
        if (i % 100 == 99) {
            throw new IOException("disk full");
        }
        if (i % 10 == 5) {
            throw new IllegalArgumentException("bad item " + i); // a distinct message each
        }
        throw new IllegalStateException("quota exceeded");
    }

    @Lox.Thread(4)
    static int failSameWay(int i) {
        throw new IllegalStateException("quota exceeded");
    }

    private static String printed(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void fourHundredCallsFailingTheSameWayThrowOneExceptionOfAHandfulOfLinesAndLoseNothing() {
        var task = Lox.of(FailureSummaryTest::failSameWay);
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            futures.add(task.scatter(i));
        }
        IllegalStateException thrown = assertThrows(IllegalStateException.class, task::gather,
                "an unchecked failure is thrown as itself");
        assertEquals("quota exceeded", thrown.getMessage());
        assertEquals(1, thrown.getSuppressed().length, () -> printed(thrown));
        RepeatedFailures summary = assertInstanceOf(RepeatedFailures.class, thrown.getSuppressed()[0]);
        assertEquals(399, summary.count());
        assertTrue(summary.getMessage().startsWith("and 399 more calls failed the same way in this gather of "
                + "FailureSummaryTest.failSameWay ("), summary.getMessage());

        String trace = printed(thrown);
        long lines = trace.lines().count();
        assertTrue(lines < 40, "the printed trace has " + lines + " lines:\n" + trace);
        assertTrue(trace.contains("Suppressed: dev.lox.RepeatedFailures: and 399 more calls failed the same way"), trace);

        int failed = 0;
        for (CompletableFuture<Integer> future : futures) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(0, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals("quota exceeded", e.getCause().getMessage());
            failed++;
        }
        assertEquals(400, failed, "each call's own failure stays in its future");
    }

    @Test
    void eachDistinctFailureIsSuppressedOnceWithItsOwnCount() {
        var task = Lox.of(FailureSummaryTest::check);
        for (int i = 0; i < 200; i++) {
            task.scatter(i);
        }
        // scatter order: 0 (quota), ..., 5 (bad item 5), ..., 99 (disk full), ..., 199 (disk full)
        IllegalStateException thrown = assertThrows(IllegalStateException.class, task::gather);
        List<Throwable> suppressed = Arrays.asList(thrown.getSuppressed());
        // 200 calls: 2 disk full, 20 bad items (each its own message), 178 quota exceeded
        assertEquals(178 - 1, assertInstanceOf(RepeatedFailures.class, suppressed.get(0)).count(), () -> printed(thrown));
        assertEquals(1 + 20 + 1, suppressed.size(), "the summary, 20 distinct bad items, one disk full: " + suppressed);
        assertEquals(20, suppressed.stream().filter(s -> s instanceof IllegalArgumentException).distinct().count());
        Throwable diskFull = suppressed.stream().filter(s -> s instanceof IOException).findFirst().orElseThrow();
        assertEquals(1, diskFull.getSuppressed().length);
        assertEquals(1, assertInstanceOf(RepeatedFailures.class, diskFull.getSuppressed()[0]).count(),
                "a distinct failure carries its own count");
        assertTrue(printed(thrown).lines().count() < 400, "not one trace per call");
    }

    @Test
    void checkedFailureIsWrappedWithTheCountInItsMessage() {
        var task = Lox.thread(2).of((Integer i) -> {
            throw new IOException("disk full");
        });
        for (int i = 0; i < 50; i++) {
            task.scatter(i);
        }
        ScatterException thrown = assertThrows(ScatterException.class, task::gather);
        assertInstanceOf(IOException.class, thrown.getCause());
        assertTrue(thrown.getMessage().contains("call 1 of 50") && thrown.getMessage().endsWith("and 49 more calls failed the same way"),
                thrown.getMessage());
        assertEquals(49, assertInstanceOf(RepeatedFailures.class, thrown.getCause().getSuppressed()[0]).count());
    }

    // Gather regions summarize the same way.

    static void failInRegion(String item) {
        throw new IllegalStateException("quota exceeded");
    }

    private static int declareFailInRegion() throws NoSuchMethodException {
        var method = FailureSummaryTest.class.getDeclaredMethod("failInRegion", String.class);
        return ParallelMethods.declare(new MethodRef(FailureSummaryTest.class.getName(), "failInRegion",
                Descriptors.of(method), true), PoolSpec.threads(4), "test", FailureSummaryTest.class.getClassLoader());
    }

    @Test
    void regionSummarizesItsCallsFailures() throws Exception {
        int id = declareFailInRegion();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Lox.gather(() -> {
            for (int i = 0; i < 400; i++) {
                PlainCalls.scatterIfInRegion(id, new Object[] {"item" + i});
            }
        }));
        assertEquals("quota exceeded", thrown.getMessage());
        assertEquals(399, assertInstanceOf(RepeatedFailures.class, thrown.getSuppressed()[0]).count());
        assertTrue(printed(thrown).lines().count() < 40, printed(thrown));
    }

    @Test
    void regionOwnExceptionWinsAndGetsEachDistinctFailureOnceWithItsCount() throws Exception {
        int id = declareFailInRegion();
        IllegalArgumentException own = new IllegalArgumentException("region's own");
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> Lox.gather(() -> {
            for (int i = 0; i < 400; i++) {
                PlainCalls.scatterIfInRegion(id, new Object[] {"item" + i});
            }
            throw own;
        }));
        assertSame(own, thrown);
        assertEquals(1, thrown.getSuppressed().length);
        Throwable call = thrown.getSuppressed()[0];
        assertEquals("quota exceeded", call.getMessage());
        assertEquals(399, assertInstanceOf(RepeatedFailures.class, call.getSuppressed()[0]).count());
    }

    // Timeouts say what and how long.

    @Test
    void gatherTimeoutSaysWhatTimedOutAndAfterHowLong() {
        CountDownLatch release = new CountDownLatch(1);
        var task = Lox.thread(1).of((Integer x) -> release.await(20, TimeUnit.SECONDS));
        task.scatter(1);
        task.scatter(2);
        try {
            TimeoutException e = assertThrows(TimeoutException.class, () -> task.gather(Duration.ofMillis(20)));
            assertTrue(e.getMessage().startsWith("gather of FailureSummaryTest.lambda$") && e.getMessage().contains(
                    "timed out after 20 ms: 2 of 2 calls not done; all 2 stay pending"), e.getMessage());
        } finally {
            release.countDown();
        }
        assertEquals(List.of(true, true), task.gather());
    }

    @Test
    void futureGetTimeoutSaysWhatTimedOutAndAfterHowLong() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        var task = Lox.thread(1).of((Integer x) -> release.await(20, TimeUnit.SECONDS));
        CompletableFuture<Boolean> call = task.scatter(1);
        // from an application thread, and from a thread of another lox pool
        var waiter = Lox.thread(1).of((Integer x) -> {
            try {
                return call.get(10, TimeUnit.MILLISECONDS).toString();
            } catch (TimeoutException e) {
                return e.getMessage();
            }
        });
        try {
            TimeoutException e = assertThrows(TimeoutException.class, () -> call.get(15, TimeUnit.MILLISECONDS));
            assertTrue(e.getMessage().startsWith("a call of FailureSummaryTest.lambda$")
                    && e.getMessage().contains("was not done after 15 milliseconds"), e.getMessage());
            waiter.scatter(0);
            String fromPool = waiter.gather().get(0);
            assertTrue(fromPool.contains("was not done after 10 milliseconds"), fromPool);
        } finally {
            release.countDown();
        }
        assertEquals(List.of(true), task.gather());
    }
}
