package dev.lox.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lox.Handle2;
import dev.lox.Lox;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** A port of Python lox's tests/worker/test_process.py: scatter and gather on worker JVMs. */
class ProcessPortTest {
    static final long SLEEP_MILLIS = 10;
    static final int N_WORKERS = 2;
    static final int[] IN_X = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    static final int[] IN_Y = {13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
    static final Duration BOUND = Duration.ofSeconds(60);

    @Lox.Process(N_WORKERS)
    static int workerTask(int x, int y) throws InterruptedException {
        Thread.sleep(SLEEP_MILLIS);
        return x * y;
    }

    @Lox.Process
    static int workerTaskDefault(int x, int y) throws InterruptedException {
        Thread.sleep(SLEEP_MILLIS);
        return x * y;
    }

    @Test
    void basicArgs() throws TimeoutException {
        check(Lox.of(ProcessPortTest::workerTask), 0);
    }

    @Test
    void basicNoArgs() throws TimeoutException {
        check(Lox.of(ProcessPortTest::workerTaskDefault), 0);
    }

    static final class Class1 {
        final int z;

        Class1(int z) {
            this.z = z;
        }

        @Lox.Process(2)
        int testMethod1(int x, int y) throws InterruptedException {
            Thread.sleep(SLEEP_MILLIS);
            return x * y + z;
        }

        @Lox.Process
        int testMethod2(int x, int y) throws InterruptedException {
            Thread.sleep(SLEEP_MILLIS);
            return x * y + z;
        }
    }

    @Test
    void method1() throws TimeoutException {
        int z = 5;
        Class1 testObj = new Class1(z);
        check(Lox.of(testObj::testMethod1), z);
        check(Lox.of(testObj::testMethod2), z);
    }

    @Test
    void explicitPoolWithLambda() throws TimeoutException {
        var sq = Lox.process(N_WORKERS).of((Integer x) -> x * x);
        for (int x : IN_X) {
            sq.scatter(x);
        }
        List<Integer> res = sq.gather(BOUND);
        for (int i = 0; i < IN_X.length; i++) {
            assertEquals(IN_X[i] * IN_X[i], res.get(i));
        }
    }

    private static void check(Handle2<Integer, Integer, Integer> task, int z) throws TimeoutException {
        assertEquals(2 * 5 + z, task.call(2, 5), "vanilla execution still works");
        assertEquals(0, task.pending());
        for (int i = 0; i < IN_X.length; i++) {
            task.scatter(IN_X[i], IN_Y[i]);
        }
        List<Integer> res = task.gather(BOUND);
        assertEquals(IN_X.length, res.size());
        for (int i = 0; i < IN_X.length; i++) {
            assertEquals(IN_X[i] * IN_Y[i] + z, res.get(i));
        }
    }
}
