package dev.lox.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Port of lox's tests/lock/test_QLock.py (its perf tests are JMH benchmarks: dev.lox.bench.locks.LockBenchmark). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QLockPortTest {

    /**
     * test_1: threads that ask for the lock in the order A..Z get it in that order. lox sleeps so
     * that each thread is queued before the next starts; here the test holds the lock and waits
     * until each thread is queued.
     */
    @Test
    void lettersInOrder() throws Exception {
        String sol = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        StringBuilder res = new StringBuilder();
        QLock qlock = new QLock();
        List<TestThreads.Started<Void>> threads = new ArrayList<>();
        qlock.lock();
        try {
            for (int i = 0; i < sol.length(); i++) {
                char name = sol.charAt(i);
                threads.add(TestThreads.start("worker-" + name, () -> {
                    qlock.lock();
                    try {
                        res.append(name);
                    } finally {
                        qlock.unlock();
                    }
                    return null;
                }));
                int queued = i + 1;
                TestThreads.awaitCondition(queued + " threads queued", () -> qlock.waiting() == queued);
            }
        } finally {
            qlock.unlock();
        }
        for (TestThreads.Started<Void> t : threads) {
            t.join();
        }
        assertEquals(sol, res.toString());
    }

    /** test_timeout: the holder's own timed acquire fails (QLock is not reentrant). */
    @Test
    void timeout() throws Exception {
        QLock qlock = new QLock();
        qlock.lock();
        assertFalse(qlock.tryLock(100, TimeUnit.MILLISECONDS));
        qlock.unlock();
    }
}
