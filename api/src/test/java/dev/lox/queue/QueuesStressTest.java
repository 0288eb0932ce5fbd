package dev.lox.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lox.lock.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Producers and consumers hammering the queues, checking that no item is lost or duplicated. Every
 * wait is bounded; sized to run in a few seconds on 2 shared cores.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueuesStressTest {
    private static final Duration WAIT = Duration.ofSeconds(TestThreads.BOUND_SECONDS);

    /**
     * Announcement with an unbounded backlog: every consumer, including those that subscribe while
     * the producers run, receives each producer's items exactly once and in that producer's order.
     */
    @Test
    void announcementNoItemLostOrDuplicated() throws Exception {
        int producers = 3;
        int perProducer = 5_000;
        Announcement<Integer> ann = Announcement.withBacklog(0);
        List<Announcement<Integer>> producerMembers = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            producerMembers.add(ann.subscribe());
        }
        Announcement<Integer> early = ann.subscribe();
        CountDownLatch halfway = new CountDownLatch(producers);
        List<TestThreads.Started<Void>> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Announcement<Integer> me = producerMembers.get(p);
            int base = p * perProducer;
            threads.add(TestThreads.start("producer-" + p, () -> {
                for (int i = 0; i < perProducer; i++) {
                    me.put(base + i);
                    if (i == perProducer / 2) {
                        halfway.countDown();
                    }
                }
                return null;
            }));
        }
        List<TestThreads.Started<Void>> consumers = new ArrayList<>();
        consumers.add(TestThreads.start("early", () -> {
            checkAll(early, producers, perProducer);
            return null;
        }));
        assertTrue(halfway.await(TestThreads.BOUND_SECONDS, TimeUnit.SECONDS));
        for (int l = 0; l < 2; l++) {
            // Subscribes while producers are still putting, from a producer's member.
            Announcement<Integer> late = producerMembers.get(l).subscribe();
            consumers.add(TestThreads.start("late-" + l, () -> {
                checkAll(late, producers, perProducer);
                return null;
            }));
        }
        for (TestThreads.Started<Void> t : threads) {
            t.join();
        }
        for (TestThreads.Started<Void> t : consumers) {
            t.join();
        }
    }

    private static void checkAll(Announcement<Integer> q, int producers, int perProducer) throws Exception {
        boolean[] seen = new boolean[producers * perProducer];
        int[] next = new int[producers];
        for (int n = 0; n < seen.length; n++) {
            Integer x = q.poll(WAIT);
            assertNotNull(x, "item lost: got " + n + " of " + seen.length);
            if (seen[x]) {
                fail("item " + x + " duplicated");
            }
            seen[x] = true;
            int p = x / perProducer;
            assertEquals(next[p]++, x % perProducer, "producer " + p + "'s items out of order");
        }
        assertNull(q.poll(Duration.ZERO), "more items than were put");
    }

    /**
     * Announcement with a backlog of n: a subscriber joining mid-stream receives a gap-free,
     * duplicate-free run of items ending with the last one put.
     */
    @Test
    void boundedBacklogContiguous() throws Exception {
        int total = 20_000;
        Announcement<Integer> ann = Announcement.withBacklog(10);
        CountDownLatch started = new CountDownLatch(1);
        TestThreads.Started<Void> producer = TestThreads.start("producer", () -> {
            for (int i = 0; i < total; i++) {
                ann.put(i);
                if (i == 100) {
                    started.countDown();
                }
            }
            return null;
        });
        assertTrue(started.await(TestThreads.BOUND_SECONDS, TimeUnit.SECONDS));
        Announcement<Integer> late = ann.subscribe();
        producer.join();
        Integer first = late.poll(WAIT);
        assertNotNull(first);
        int expected = first;
        for (Integer x; (x = late.poll(Duration.ZERO)) != null; ) {
            assertEquals(++expected, x, "gap or duplicate");
        }
        assertEquals(total - 1, expected, "items after the subscriber joined were lost");
    }

    /** Funnel: with each input putting its parts on its own thread in its own order, every job comes out exactly once, whole. */
    @Test
    void funnelEveryJobOnceAndWhole() throws Exception {
        int inputs = 4;
        int jobs = 5_000;
        Funnel<Integer> funnel = new Funnel<>();
        List<Funnel.Input<Integer>> ins = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            ins.add(funnel.subscribe());
        }
        TestThreads.Started<boolean[]> consumer = TestThreads.start("consumer", () -> {
            boolean[] seen = new boolean[jobs];
            for (int n = 0; n < jobs; n++) {
                Funnel.Result<Integer> r = funnel.poll(WAIT);
                assertNotNull(r, "job lost: got " + n + " of " + jobs);
                int job = (Integer) r.jobId();
                if (seen[job]) {
                    fail("job " + job + " emitted twice");
                }
                seen[job] = true;
                List<Integer> want = new ArrayList<>();
                for (int i = 0; i < inputs; i++) {
                    want.add(job * inputs + i);
                }
                assertEquals(want, r.items());
            }
            assertNull(funnel.poll(Duration.ZERO), "more jobs than were put");
            return seen;
        });
        TestThreads.concurrently(inputs, t -> {
            List<Integer> order = new ArrayList<>();
            for (int j = 0; j < jobs; j++) {
                order.add(j);
            }
            Collections.shuffle(order, new Random(t));
            for (int j : order) {
                ins.get(t).put(j * inputs + t, j);
            }
        });
        boolean[] seen = consumer.join();
        boolean[] all = new boolean[jobs];
        Arrays.fill(all, true);
        assertTrue(Arrays.equals(all, seen));
        assertEquals(0, funnel.pendingJobs());
    }
}
