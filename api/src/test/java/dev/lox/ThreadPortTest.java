package dev.lox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.InOrder;

/**
 * A port of Python lox's {@code tests/worker/test_thread.py}: the same inputs, the same checks. The
 * Python tests sleep 10 ms in each task to make calls overlap; the ports keep the sleep as the task's
 * work (never as synchronisation).
 */
@Timeout(30)
class ThreadPortTest {
    private static final long SLEEP_MILLIS = 10;
    private static final int[] IN_X = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    private static final int[] IN_Y = {13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};

    @Lox.Thread(5)
    static int workerTask(int x, int y) throws InterruptedException {
        Thread.sleep(SLEEP_MILLIS);
        return x * y;
    }

    @Lox.Thread(0)
    static int inlineTask(int x, int y) throws InterruptedException {
        Thread.sleep(SLEEP_MILLIS);
        return x * y;
    }

    @Lox.Thread
    static int defaultPoolTask(int x, int y) throws InterruptedException {
        Thread.sleep(SLEEP_MILLIS);
        return x * y;
    }

    /** test_basic_args: five workers; a plain call still works; results come back in scatter order. */
    @Test
    void basicArgsWithFiveWorkers() {
        var task = Lox.of(ThreadPortTest::workerTask);
        assertEquals(10, task.call(2, 5));
        assertEquals(0, task.pending());
        for (int i = 0; i < IN_X.length; i++) {
            task.scatter(IN_X[i], IN_Y[i]);
        }
        List<Integer> res = task.gather();
        assertEquals(IN_X.length, res.size());
        for (int i = 0; i < IN_X.length; i++) {
            assertEquals(IN_X[i] * IN_Y[i], res.get(i));
        }
    }

    /** test_basic_args with 0 workers: every call runs in the caller, during scatter. */
    @Test
    void basicArgsWithZeroWorkersRunsInCaller() {
        var task = Lox.of(ThreadPortTest::inlineTask);
        assertEquals(10, task.call(2, 5));
        for (int i = 0; i < IN_X.length; i++) {
            assertTrue(task.scatter(IN_X[i], IN_Y[i]).isDone(), "an inline scatter completes before it returns");
        }
        List<Integer> res = task.gather();
        for (int i = 0; i < IN_X.length; i++) {
            assertEquals(IN_X[i] * IN_Y[i], res.get(i));
        }
    }

    /** test_basic_noargs: the default pool (50 threads, as in lox) gives the same results. */
    @Test
    void defaultPool() {
        var task = Lox.of(ThreadPortTest::defaultPoolTask);
        assertEquals(10, task.call(2, 5));
        assertEquals(0, task.pending());
        for (int i = 0; i < IN_X.length; i++) {
            task.scatter(IN_X[i], IN_Y[i]);
        }
        List<Integer> res = task.gather();
        for (int i = 0; i < IN_X.length; i++) {
            assertEquals(IN_X[i] * IN_Y[i], res.get(i));
        }
    }

    static final class Class1 {
        final int z;

        Class1(int z) {
            this.z = z;
        }

        @Lox.Thread(2)
        int testMethod1(int x, int y) throws InterruptedException {
            Thread.sleep(SLEEP_MILLIS);
            return x * y + z;
        }

        @Lox.Thread
        int testMethod2(int x, int y) throws InterruptedException {
            Thread.sleep(SLEEP_MILLIS);
            return x * y - z;
        }
    }

    /** test_method_1: methods on two instances, each handle bound to its receiver, gathered twice. */
    @Test
    void methodsOnTwoInstances() {
        int z1 = 5;
        int z2 = 7; // lox uses 5 for both; distinct values also prove the receivers are not mixed up
        Class1 obj1 = new Class1(z1);
        Class1 obj2 = new Class1(z2);

        assertEquals(2 * 5 + z1, Lox.of(obj1::testMethod1).call(2, 5));
        assertEquals(2 * 5 - z1, Lox.of(obj1::testMethod2).call(2, 5));
        assertEquals(2 * 5 + z2, Lox.of(obj2::testMethod1).call(2, 5));
        assertEquals(2 * 5 - z2, Lox.of(obj2::testMethod2).call(2, 5));

        for (int round = 0; round < 2; round++) {
            var m1 = Lox.of(obj1::testMethod1);
            for (int i = 0; i < IN_X.length; i++) {
                m1.scatter(IN_X[i], IN_Y[i]);
            }
            assertResults(m1.gather(), +z1);
        }
        var obj2m1 = Lox.of(obj2::testMethod1);
        var obj1m2 = Lox.of(obj1::testMethod2);
        var obj2m2 = Lox.of(obj2::testMethod2);
        for (int i = 0; i < IN_X.length; i++) {
            obj2m1.scatter(IN_X[i], IN_Y[i]);
            obj1m2.scatter(IN_X[i], IN_Y[i]);
            obj2m2.scatter(IN_X[i], IN_Y[i]);
        }
        assertResults(obj2m1.gather(), +z2);
        assertResults(obj1m2.gather(), -z1);
        assertResults(obj2m2.gather(), -z2);
    }

    /** A bound receiver gets one handle per receiver; the same receiver gets the same handle. */
    @Test
    void handlePerReceiver() {
        Class1 obj1 = new Class1(1);
        Class1 obj2 = new Class1(1);
        assertSame(Lox.of(obj1::testMethod1), Lox.of(obj1::testMethod1));
        assertTrue(Lox.of(obj1::testMethod1) != Lox.of(obj2::testMethod1), "equal receivers are still two receivers");
        assertSame(Lox.of(ThreadPortTest::workerTask), Lox.of(ThreadPortTest::workerTask));
    }

    private static void assertResults(List<Integer> res, int offset) {
        assertEquals(IN_X.length, res.size());
        for (int i = 0; i < IN_X.length; i++) {
            assertEquals(IN_X[i] * IN_Y[i] + offset, res.get(i));
        }
    }

    /** Non-decorator use, like {@code lox.thread(5)(fn)}: an explicit pool for an unmarked function. */
    @Test
    void nonDecoratorUse() {
        var task = Lox.thread(5).of((Integer x, Integer y) -> {
            Thread.sleep(SLEEP_MILLIS);
            return x * y;
        });
        assertEquals(10, task.call(2, 5));
        for (int i = 0; i < IN_X.length; i++) {
            task.scatter(IN_X[i], IN_Y[i]);
        }
        assertResults(task.gather(), 0);
    }

    /** Progress: start(total) once, one advance(1) per call, finish() at the end, in that order. */
    @Test
    void progressWithMockedProgress() {
        var task = Lox.of(ThreadPortTest::workerTask);
        for (int i = 0; i < IN_X.length; i++) {
            task.scatter(IN_X[i], IN_Y[i]);
        }
        Progress progress = mock(Progress.class);
        List<Integer> res = task.gather(progress);
        assertResults(res, 0);
        InOrder order = inOrder(progress);
        order.verify(progress).start(IN_X.length);
        order.verify(progress, times(IN_X.length)).advance(1);
        order.verify(progress).finish();
        verify(progress, times(IN_X.length)).advance(anyLong());
    }

    @Lox.Thread(4)
    static int failOnOdd(int x) throws IOException {
        if (x % 2 == 1) {
            throw new IllegalStateException("odd " + x);
        }
        if (x == 4) {
            throw new IOException("four");
        }
        return x;
    }

    /** Exceptions: gather waits for all, throws the first failure in scatter order, the rest suppressed. */
    @Test
    void exceptions() {
        var task = Lox.of(ThreadPortTest::failOnOdd);
        for (int x = 0; x < 6; x++) {
            task.scatter(x);
        }
        IllegalStateException thrown = assertThrows(IllegalStateException.class, task::gather);
        assertEquals("odd 1", thrown.getMessage());
        List<String> suppressed = new ArrayList<>();
        for (Throwable t : thrown.getSuppressed()) {
            suppressed.add(t.getClass().getSimpleName() + ":" + t.getMessage());
        }
        assertEquals(List.of("IllegalStateException:odd 3", "IOException:four", "IllegalStateException:odd 5"), suppressed);
        assertEquals(0, task.scattered(), "a failed gather still takes its calls");
        assertEquals(List.of(), task.gather());
    }

    /** A checked exception first in scatter order comes wrapped in ScatterException, with the original as cause. */
    @Test
    void checkedExceptionsAreWrapped() {
        var task = Lox.of(ThreadPortTest::failOnOdd);
        task.scatter(4);
        task.scatter(2);
        ScatterException thrown = assertThrows(ScatterException.class, task::gather);
        assertInstanceOf(IOException.class, thrown.getCause());
        assertTrue(thrown.getMessage().contains("failOnOdd"), thrown.getMessage());
        ScatterException fromCall = assertThrows(ScatterException.class, () -> task.call(4));
        assertInstanceOf(IOException.class, fromCall.getCause());
    }

    /** Calls run on the pool's threads, not the caller's, and never more at once than the pool's size. */
    @Test
    void callsRunOnPoolThreads() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        var task = Lox.thread(3).of((Integer x) -> {
            threads.add(Thread.currentThread().getName());
            return x;
        });
        for (int i = 0; i < 50; i++) {
            task.scatter(i);
        }
        task.gather();
        assertTrue(!threads.isEmpty() && threads.size() <= 3, threads.toString());
        assertTrue(threads.stream().allMatch(n -> n.startsWith("lox-")), threads.toString());
    }
}
