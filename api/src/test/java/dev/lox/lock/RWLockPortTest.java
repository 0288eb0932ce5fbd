package dev.lox.lock;

import static dev.lox.lock.TestThreads.concurrently;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of lox's tests/lock/test_RWLock.py. lox's test_RWLock_rw returns before doing anything and
 * is not ported; RWLockTckTest covers readers and writers together.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RWLockPortTest {
    private static final int N_WORKERS = 5;
    private final RWLock rwLock = new RWLock();
    private volatile int resource;

    /**
     * test_RWLock_r: readers hold the lock at the same time. lox checks the elapsed time; here all
     * readers meet at a barrier while holding the lock, which only concurrent readers can do.
     */
    @Test
    void readersTogether() throws Exception {
        resource = 0;
        CyclicBarrier allInside = new CyclicBarrier(N_WORKERS);
        List<Integer> resp = Collections.synchronizedList(new ArrayList<>());
        concurrently(N_WORKERS, t -> {
            int localCopy;
            try (RWLock.Guard r = rwLock.read()) {
                localCopy = resource;
                allInside.await(TestThreads.BOUND_SECONDS, TimeUnit.SECONDS);
            }
            resp.add(localCopy);
        });
        assertEquals(Collections.nCopies(N_WORKERS, 0), resp);
        assertEquals(0, rwLock.readers());
    }

    /** test_RWLock_w. */
    @Test
    void writer() throws Exception {
        resource = 0;
        concurrently(1, t -> {
            try (RWLock.Guard w = rwLock.write()) {
                resource = 5;
            }
        });
        assertEquals(5, resource);
    }

    /** test_RWLock_timeout. */
    @Test
    void timeout() throws Exception {
        RWLock lock = new RWLock();
        RWLock.Guard r1 = lock.tryRead(Duration.ofMillis(10));
        assertNotNull(r1);
        assertNull(lock.tryWrite(Duration.ofMillis(10)));
        RWLock.Guard r2 = lock.tryRead(Duration.ofMillis(10));
        assertNotNull(r2);
        r1.close();
        r2.close();

        RWLock.Guard w = lock.tryWrite(Duration.ofMillis(10));
        assertNotNull(w);
        assertNull(lock.tryWrite(Duration.ofMillis(10)));
        assertNull(lock.tryRead(Duration.ofMillis(10)));
        w.close();
    }

    /**
     * test_bathroom_example: the janitor (writer), waiting while person 0 is inside, enters before
     * the people who arrive after him. lox staggers arrivals with sleeps; here the test waits until
     * the janitor and each later person are really waiting.
     */
    @Test
    void bathroomExample() throws Exception {
        RWLock restroom = new RWLock();
        List<String> res = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch p0Inside = new CountDownLatch(1);
        CountDownLatch p0MayLeave = new CountDownLatch(1);
        List<TestThreads.Started<Void>> people = new ArrayList<>();
        people.add(TestThreads.start("person-0", () -> {
            try (RWLock.Guard g = restroom.read()) {
                res.add("p_0_enter");
                p0Inside.countDown();
                assertTrue(p0MayLeave.await(TestThreads.BOUND_SECONDS, TimeUnit.SECONDS));
                res.add("p_0_exit");
            }
            return null;
        }));
        assertTrue(p0Inside.await(TestThreads.BOUND_SECONDS, TimeUnit.SECONDS));
        TestThreads.Started<Void> janitor = TestThreads.start("janitor", () -> {
            try (RWLock.Guard g = restroom.write()) {
                res.add("j_enter");
                res.add("j_exit");
            }
            return null;
        });
        TestThreads.awaitCondition("the janitor to wait", () -> restroom.writersWaiting() == 1);
        for (int i = 1; i < 5; i++) {
            int id = i;
            people.add(TestThreads.<Void>start("person-" + i, () -> {
                try (RWLock.Guard g = restroom.read()) {
                    res.add("p_" + id + "_enter");
                    res.add("p_" + id + "_exit");
                }
                return null;
            }).awaitBlocked());
        }
        p0MayLeave.countDown();
        janitor.join();
        for (TestThreads.Started<Void> p : people) {
            p.join();
        }
        assertEquals(List.of("p_0_enter", "p_0_exit", "j_enter", "j_exit"), res.subList(0, 4));
        assertEquals(12, res.size(), "every person and the janitor entered and left once");
    }
}
