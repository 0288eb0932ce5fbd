package dev.lox.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lox.lock.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of lox's tests/queue/test_Announcement.py. lox starts one thread per get; here one consumer
 * thread per subscriber takes all of its items, which keeps the order lox asserts well defined.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AnnouncementPortTest {
    private static final List<Integer> X_IN = List.of(1, 2, 3, 4, 5);

    private static TestThreads.Started<List<Integer>> consume(String name, Announcement<Integer> q, int power) {
        return TestThreads.start(name, () -> {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < X_IN.size(); i++) {
                int x = q.get();
                out.add(power == 2 ? x * x : x * x * x);
            }
            return out;
        });
    }

    /** test_1: the most basic use: two subscribers each receive every item. */
    @Test
    void basic() throws Exception {
        Announcement<Integer> ann = new Announcement<>();
        Announcement<Integer> fooQ = ann.subscribe();
        Announcement<Integer> barQ = ann.subscribe();
        assertNotSame(fooQ, barQ);
        TestThreads.Started<List<Integer>> foo = consume("foo", fooQ, 2);
        TestThreads.Started<List<Integer>> bar = consume("bar", barQ, 3);
        for (int x : X_IN) {
            ann.put(x);
        }
        assertEquals(List.of(1, 4, 9, 16, 25), foo.join());
        assertEquals(List.of(1, 8, 27, 64, 125), bar.join());
    }

    /** test_2: with an (unbounded) backlog, a subscriber that joins after the puts still receives them all. */
    @Test
    void backlog() throws Exception {
        Announcement<Integer> ann = Announcement.withBacklog(0);
        Announcement<Integer> fooQ = ann.subscribe();
        for (int x : X_IN) {
            ann.put(x);
        }
        Announcement<Integer> barQ = ann.subscribe();
        ann.seal();
        TestThreads.Started<List<Integer>> foo = consume("foo", fooQ, 2);
        TestThreads.Started<List<Integer>> bar = consume("bar", barQ, 3);
        assertEquals(List.of(1, 4, 9, 16, 25), foo.join());
        assertEquals(List.of(1, 8, 27, 64, 125), bar.join());
    }

    /** test_3: subscribing after finalize (seal) throws SubscribeFinalizedException. */
    @Test
    void subscribeAfterSeal() {
        Announcement<Integer> ann = new Announcement<>();
        ann.seal();
        assertThrows(SubscribeFinalizedException.class, ann::subscribe);
    }

    /** test_4: many-to-many: any member's put reaches every other member. */
    @Test
    void manyToMany() throws Exception {
        Announcement<Integer> annFoo = new Announcement<>();
        Announcement<Integer> annBar = annFoo.subscribe();
        Announcement<Integer> annBaz = annBar.subscribe();

        annFoo.put(1);
        assertEquals(1, annBar.get());
        assertEquals(1, annBaz.get());

        annBar.put(2);
        assertEquals(2, annFoo.get());
        assertEquals(2, annBaz.get());

        annBar.put(3);
        assertEquals(3, annFoo.get());
        assertEquals(3, annBaz.get());
    }

    /** test_5: many-to-many backlog and finalization. */
    @Test
    void manyToManyBacklogAndSeal() throws Exception {
        Announcement<Integer> annFoo = Announcement.withBacklog(-1);
        Announcement<Integer> annBar = annFoo.subscribe();

        annFoo.put(1);
        annFoo.put(3);
        annFoo.put(7);

        assertEquals(1, annBar.get());
        assertEquals(3, annBar.get());
        assertEquals(7, annBar.get());

        Announcement<Integer> annBaz = annBar.subscribe();
        assertEquals(1, annBaz.get());
        assertEquals(3, annBaz.get());
        assertEquals(7, annBaz.get());

        Announcement<Integer> annBoo = annBar.subscribe();
        annBoo.seal();
        assertEquals(1, annBoo.get());
        assertEquals(3, annBoo.get());
        assertEquals(7, annBoo.get());

        assertNull(annBoo.poll(Duration.ofMillis(10)));
        assertThrows(SubscribeFinalizedException.class, annFoo::subscribe);
    }
}
