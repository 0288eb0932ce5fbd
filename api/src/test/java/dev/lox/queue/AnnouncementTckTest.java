package dev.lox.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.lock.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Properties of {@link Announcement}, one per test, in the manner of the JSR-166 TCK. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AnnouncementTckTest {

    private static List<String> drain(Announcement<String> q) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (String s; (s = q.poll(Duration.ZERO)) != null; ) {
            out.add(s);
        }
        return out;
    }

    /** With an unbounded backlog, a late subscriber receives everything put before, in order, then what is put after. */
    @Test
    void unboundedBacklogToLateSubscriber() throws Exception {
        Announcement<String> ann = Announcement.withBacklog(0);
        for (int i = 0; i < 100; i++) {
            ann.put("x" + i);
        }
        Announcement<String> late = ann.subscribe();
        ann.put("after");
        List<String> got = drain(late);
        assertEquals(101, got.size());
        assertEquals("x0", got.get(0));
        assertEquals("x99", got.get(99));
        assertEquals("after", got.get(100));
    }

    /** With a backlog of n, a late subscriber receives only the last n items put before it joined. */
    @Test
    void boundedBacklogKeepsLastN() throws Exception {
        Announcement<String> ann = Announcement.withBacklog(3);
        for (String s : List.of("a", "b", "c", "d", "e")) {
            ann.put(s);
        }
        assertEquals(List.of("c", "d", "e"), drain(ann.subscribe()));
    }

    /** Without a backlog, a late subscriber receives only what is put after it joined. */
    @Test
    void noBacklogByDefault() throws Exception {
        Announcement<String> ann = new Announcement<>();
        ann.put("before");
        Announcement<String> late = ann.subscribe();
        ann.put("after");
        assertEquals(List.of("after"), drain(late));
    }

    /** A member never receives its own puts. */
    @Test
    void putterDoesNotReceiveOwnItem() throws Exception {
        Announcement<String> ann = new Announcement<>();
        Announcement<String> sub = ann.subscribe();
        sub.put("mine");
        assertEquals(List.of(), drain(sub));
        assertEquals(List.of("mine"), drain(ann));
    }

    /** seal() on any member refuses subscribers from every member; existing members keep putting and receiving. */
    @Test
    void sealRefusesSubscribersEverywhere() throws Exception {
        Announcement<String> ann = Announcement.withBacklog(0);
        Announcement<String> a = ann.subscribe();
        Announcement<String> b = a.subscribe();
        b.seal();
        assertTrue(ann.isSealed());
        SubscribeFinalizedException e = assertThrows(SubscribeFinalizedException.class, ann::subscribe);
        assertTrue(e.getMessage().contains("sealed"), e.getMessage());
        assertThrows(SubscribeFinalizedException.class, a::subscribe);
        assertInstanceOf(IllegalStateException.class, e);
        ann.put("still");
        assertEquals("still", a.get());
        assertEquals("still", b.get());
        b.seal();
        assertEquals(3, ann.subscribers());
    }

    /** An unsubscribed member receives nothing further but keeps what it had; unsubscribing twice or a stranger is refused. */
    @Test
    void unsubscribe() throws Exception {
        Announcement<String> ann = new Announcement<>();
        Announcement<String> a = ann.subscribe();
        Announcement<String> b = ann.subscribe();
        ann.put("one");
        ann.unsubscribe(a);
        assertEquals(2, ann.subscribers());
        ann.put("two");
        assertEquals(List.of("one"), drain(a));
        assertEquals(List.of("one", "two"), drain(b));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ann.unsubscribe(a));
        assertTrue(e.getMessage().contains("not a subscriber"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ann.unsubscribe(new Announcement<>()));
        b.unsubscribe(b);
        ann.put("three");
        assertEquals(List.of(), drain(b));
    }

    /** poll returns null when nothing arrives within the timeout, without waiting for zero or negative timeouts. */
    @Test
    void pollTimesOutWithNull() throws Exception {
        Announcement<String> sub = new Announcement<String>().subscribe();
        assertNull(sub.poll(Duration.ofMillis(20)));
        assertNull(sub.poll(Duration.ZERO));
        assertNull(sub.poll(Duration.ofMillis(-1)));
    }

    /** A get() waiting for an item wakes when another thread puts one. */
    @Test
    void getWakesOnPut() throws Exception {
        Announcement<String> ann = new Announcement<>();
        Announcement<String> sub = ann.subscribe();
        TestThreads.Started<String> taker = TestThreads.start("taker", sub::get).awaitBlocked();
        ann.put("hello");
        assertEquals("hello", taker.join());
    }

    /** get() and poll() interrupted while waiting throw InterruptedException and take nothing. */
    @Test
    void interruptedWhileWaiting() throws Exception {
        Announcement<String> ann = new Announcement<>();
        Announcement<String> sub = ann.subscribe();
        TestThreads.Started<String> taker = TestThreads.start("taker", sub::get).awaitBlocked();
        taker.thread.interrupt();
        assertInstanceOf(InterruptedException.class, taker.failure());
        TestThreads.Started<String> poller = TestThreads.start("poller",
                () -> sub.poll(Duration.ofSeconds(TestThreads.BOUND_SECONDS))).awaitBlocked();
        poller.thread.interrupt();
        assertInstanceOf(InterruptedException.class, poller.failure());
        ann.put("kept");
        assertEquals("kept", sub.get());
    }

    /** Null items and null timeouts are refused with messages naming them. */
    @Test
    void badArgumentsRefused() {
        Announcement<String> ann = new Announcement<>();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ann.put(null));
        assertTrue(e.getMessage().contains("put(null)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ann.poll(null));
        assertTrue(e.getMessage().contains("timeout cannot be null"), e.getMessage());
        assertFalse(ann.isSealed());
    }
}
