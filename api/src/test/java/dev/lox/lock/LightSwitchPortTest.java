package dev.lox.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.StampedLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of lox's tests/lock/test_LightSwitch.py. lox's {@code threading.Lock} may be released by any
 * thread; its Java counterpart here is {@code StampedLock.asWriteLock()}.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LightSwitchPortTest {
    private final Lock commonLock = new StampedLock().asWriteLock();
    private final LightSwitch countingLock = new LightSwitch(commonLock);

    /** test_LightSwitch_1: inside, the lock is held; after leaving, it is free. */
    @Test
    void lightSwitch1() throws Exception {
        try (LightSwitch.Guard g = countingLock.enter()) {
            assertFalse(commonLock.tryLock());
        }
        assertTrue(commonLock.tryLock());
        commonLock.unlock();
    }

    /** test_LightSwitch_len. */
    @Test
    void len() throws Exception {
        assertEquals(0, countingLock.occupants());
        LightSwitch.Guard a = countingLock.enter();
        assertEquals(1, countingLock.occupants());
        LightSwitch.Guard b = countingLock.enter();
        assertEquals(2, countingLock.occupants());
        b.close();
        assertEquals(1, countingLock.occupants());
        a.close();
        assertEquals(0, countingLock.occupants());
    }

    /** test_LightSwitch_timeout: with the lock held elsewhere, entering times out, with or without waiting. */
    @Test
    void timeout() throws Exception {
        commonLock.lock();
        assertNull(countingLock.tryEnter(Duration.ofMillis(10)));
        assertNull(countingLock.tryEnter(Duration.ZERO));
        assertEquals(0, countingLock.occupants());
        commonLock.unlock();
    }

    /**
     * test_bathroom_example: people overlap in the restroom, so the janitor, dispatched while person 0
     * is inside, enters only after the last person leaves. lox staggers people with sleeps; here the
     * test thread lets each person in and out in the same order, deterministically.
     */
    @Test
    void bathroomExample() throws Exception {
        Lock restroomOccupied = new StampedLock().asWriteLock();
        LightSwitch restroom = new LightSwitch(restroomOccupied);
        List<String> res = Collections.synchronizedList(new ArrayList<>());
        int nPeople = 5;
        List<CountDownLatch> entered = new ArrayList<>();
        List<CountDownLatch> mayLeave = new ArrayList<>();
        List<TestThreads.Started<Void>> people = new ArrayList<>();
        for (int i = 0; i < nPeople; i++) {
            entered.add(new CountDownLatch(1));
            mayLeave.add(new CountDownLatch(1));
        }
        TestThreads.Started<Void> janitor = null;
        for (int i = 0; i < nPeople; i++) {
            int id = i;
            people.add(TestThreads.start("person-" + i, () -> {
                try (LightSwitch.Guard g = restroom.enter()) {
                    res.add("p_" + id + "_enter");
                    entered.get(id).countDown();
                    assertTrue(mayLeave.get(id).await(TestThreads.BOUND_SECONDS, TimeUnit.SECONDS));
                    res.add("p_" + id + "_exit");
                }
                return null;
            }));
            assertTrue(entered.get(i).await(TestThreads.BOUND_SECONDS, TimeUnit.SECONDS));
            if (i == 0) {
                janitor = TestThreads.<Void>start("janitor", () -> {
                    restroomOccupied.lock();
                    try {
                        res.add("j_enter");
                        res.add("j_exit");
                    } finally {
                        restroomOccupied.unlock();
                    }
                    return null;
                }).awaitBlocked();
            } else {
                mayLeave.get(i - 1).countDown();
                people.get(i - 1).join();
            }
        }
        mayLeave.get(nPeople - 1).countDown();
        people.get(nPeople - 1).join();
        janitor.join();
        assertEquals(List.of("p_0_enter", "p_1_enter", "p_0_exit", "p_2_enter", "p_1_exit", "p_3_enter", "p_2_exit",
                "p_4_enter", "p_3_exit", "p_4_exit", "j_enter", "j_exit"), res);
    }
}
