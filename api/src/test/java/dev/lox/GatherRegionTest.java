package dev.lox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.internal.Descriptors;
import dev.lox.internal.ParallelMethods;
import dev.lox.internal.PlainCalls;
import dev.lox.internal.PoolSpec;
import dev.lox.spi.MethodRef;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Gather regions, driven the way the agent's advice drives them: a declared method, and
 * {@link PlainCalls#scatterIfInRegion} at the method's entry.
 */
@Timeout(30)
class GatherRegionTest {
    static final List<String> LOG = new CopyOnWriteArrayList<>();

    static void record(String item) throws IOException {
        if (item.startsWith("io")) {
            throw new IOException(item);
        }
        if (item.startsWith("bad")) {
            throw new IllegalArgumentException(item);
        }
        LOG.add(item);
    }

    static void block(CountDownLatch release) throws InterruptedException {
        if (!release.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
        }
        LOG.add("released");
    }

    private static int declareRecord() throws NoSuchMethodException {
        var method = GatherRegionTest.class.getDeclaredMethod("record", String.class);
        return ParallelMethods.declare(new MethodRef(GatherRegionTest.class.getName(), "record", Descriptors.of(method), true),
                PoolSpec.threads(4), "test", GatherRegionTest.class.getClassLoader());
    }

    /** Outside a region, the advice lets the body run. */
    @Test
    void outsideRegionRunsBody() throws Exception {
        assertNull(PlainCalls.scatterIfInRegion(declareRecord(), new Object[] {"x"}));
    }

    /** Inside a region a plain call scatters, and leaving the region waits for it. */
    @Test
    void regionGathersPlainCalls() throws Exception {
        int id = declareRecord();
        assertEquals(id, declareRecord(), "declaring again gives the same id");
        LOG.clear();
        Lox.gather(() -> {
            for (int i = 0; i < 20; i++) {
                assertNotNull(PlainCalls.scatterIfInRegion(id, new Object[] {"item" + i}));
            }
        });
        assertEquals(20, LOG.size(), "every call is done when the region returns");
    }

    /** The region's own exception wins; the calls' failures are suppressed in it. */
    @Test
    void regionExceptionWins() throws Exception {
        int id = declareRecord();
        IllegalStateException own = new IllegalStateException("region");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Lox.gather(() -> {
            PlainCalls.scatterIfInRegion(id, new Object[] {"bad1"});
            throw own;
        }));
        assertSame(own, thrown);
        assertEquals(1, thrown.getSuppressed().length);
        assertEquals("bad1", thrown.getSuppressed()[0].getMessage());
    }

    /** Without an exception of its own, the region throws the first failed call's, checked ones wrapped. */
    @Test
    void firstCallFailureIsThrown() throws Exception {
        int id = declareRecord();
        ScatterException thrown = assertThrows(ScatterException.class, () -> Lox.gather(() -> {
            PlainCalls.scatterIfInRegion(id, new Object[] {"ok"});
            PlainCalls.scatterIfInRegion(id, new Object[] {"io1"});
            PlainCalls.scatterIfInRegion(id, new Object[] {"bad2"});
        }));
        assertTrue(thrown.getCause() instanceof IOException);
        assertEquals("bad2", thrown.getSuppressed()[0].getMessage());
    }

    /** Regions nest: an inner region gathers its own calls when it ends. */
    @Test
    void regionsNest() throws Exception {
        int id = declareRecord();
        LOG.clear();
        Lox.gather(() -> {
            PlainCalls.scatterIfInRegion(id, new Object[] {"outer"});
            Lox.gather(() -> PlainCalls.scatterIfInRegion(id, new Object[] {"inner"}));
            assertTrue(LOG.contains("inner"), "the inner region gathered its call");
        });
        assertTrue(LOG.containsAll(List.of("outer", "inner")));
    }

    /**
     * An interrupt while a region gathers neither ends the wait nor loses a call: the region waits
     * for every call, then keeps the interrupt status (regression: the calls were dropped).
     */
    @Test
    void interruptWhileGatheringLosesNothing() throws Exception {
        var method = GatherRegionTest.class.getDeclaredMethod("block", CountDownLatch.class);
        int id = ParallelMethods.declare(new MethodRef(GatherRegionTest.class.getName(), "block", Descriptors.of(method), true),
                PoolSpec.threads(2), "test", GatherRegionTest.class.getClassLoader());
        LOG.clear();
        CountDownLatch release = new CountDownLatch(1);
        Thread regionThread = Thread.currentThread();
        // Releases the call only once the region's thread is parked in the gather, that is, after
        // the gather has already met the interrupt below.
        Thread releaser = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!isParked(regionThread) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            release.countDown();
        });
        try {
            Lox.gather(() -> {
                PlainCalls.scatterIfInRegion(id, new Object[] {release});
                releaser.start();
                Thread.currentThread().interrupt();
            });
            assertTrue(Thread.interrupted(), "the interrupt status is kept (and cleared here)");
            assertEquals(List.of("released"), LOG, "the call completed before the region returned");
        } finally {
            release.countDown();
            releaser.join(20_000);
        }
    }

    private static boolean isParked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    /** A handle's call() inside a region is a plain synchronous call, never scattered. */
    @Test
    void handleCallInsideRegionRunsHere() throws Exception {
        String caller = Thread.currentThread().getName();
        var where = Lox.thread(2).of((Integer x) -> Thread.currentThread().getName());
        Lox.gather(() -> assertEquals(caller, where.call(1)));
    }

    /** A future a scattered call returns completes with the call's result. */
    @Test
    void scatteredFutureCompletes() throws Exception {
        int id = declareRecord();
        Lox.gather(() -> {
            CompletableFuture<Object> f = PlainCalls.scatterIfInRegion(id, new Object[] {"f"});
            try {
                assertNull(f.get(20, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
