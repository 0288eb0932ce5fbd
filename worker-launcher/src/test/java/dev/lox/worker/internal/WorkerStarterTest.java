package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The starter without JVMs: its restart schedule, and a spawn that fails partway releasing what it opened. */
class WorkerStarterTest {
    private static final PoolSettings SETTINGS = PoolSettings.defaults();

    @Test
    void theRestartDelayDoublesFromAHundredMillisecondsUpToTenSeconds() {
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100), WorkerStarter.restartDelayNanos(1));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(200), WorkerStarter.restartDelayNanos(2));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(6400), WorkerStarter.restartDelayNanos(7));
        assertEquals(TimeUnit.SECONDS.toNanos(10), WorkerStarter.restartDelayNanos(8));
        assertEquals(TimeUnit.SECONDS.toNanos(10), WorkerStarter.restartDelayNanos(1000)); // no overflow
    }

    @Test
    void eachSlotHasItsOwnGenerationsScheduleAndDelayAndReadyStartsTheDelaysAgain() {
        WorkerStarter starter = new WorkerStarter(new WorkerPool("starter-test", 2, SETTINGS), "starter-test", 2, SETTINGS,
                (dir, max, reader) -> { throw new AssertionError("no queue is opened here"); });
        assertEquals(0, starter.delayNanos(0));
        assertEquals(1, starter.nextGeneration(0));
        assertEquals(2, starter.nextGeneration(0));
        assertEquals(1, starter.nextGeneration(1));

        starter.scheduled(1);
        assertTrue(starter.isScheduled(1));
        assertFalse(starter.isScheduled(0));
        starter.unscheduled(1);
        assertFalse(starter.isScheduled(1));

        for (int i = 0; i < 5; i++) {
            starter.failedBeforeReady(0); // the fifth in a row: 1.6 s
        }
        assertEquals(0, starter.delayNanos(1));
        starter.ready(0);
        starter.failedBeforeReady(0); // the first again: at most 100 ms, not 3.2 s
        assertTrue(starter.delayNanos(0) <= WorkerStarter.restartDelayNanos(1), () -> "" + starter.delayNanos(0));
        assertNull(starter.folder());
    }

    @Test
    void aSpawnThatFailsPartwayClosesWhatItOpenedAndDeletesTheWorkersFolder(@TempDir Path pool) {
        List<Closing> opened = new ArrayList<>();
        IllegalStateException fault = new IllegalStateException("no responses queue");
        WorkerStarter starter = new WorkerStarter(new WorkerPool("starter-test", 1, SETTINGS), "starter-test", 1, SETTINGS,
                (dir, max, reader) -> {
                    if (reader) {
                        throw fault;
                    }
                    Closing t = new Closing(max);
                    opened.add(t);
                    return t;
                });
        WorkerSlot slot = new WorkerSlot(0, 3);
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> starter.spawn(slot, new WorkerStarter.Plan(pool, null, pool), 1, () -> { }));
        assertSame(fault, thrown);
        assertEquals(1, opened.size());
        assertTrue(opened.get(0).closed, "the requests queue was closed");
        assertFalse(Files.exists(pool.resolve("w0-3")), "the worker's folder was deleted");
        assertTrue(Files.isDirectory(pool), "the pool's folder stays");
    }

    /** A transport that only records that it was closed. */
    private static final class Closing implements Transport {
        private final long max;
        boolean closed;

        Closing(long max) {
            this.max = max;
        }

        @Override
        public void append(byte[] head, int headLength, byte[] body, int bodyLength) {
            throw new AssertionError("nothing is sent here");
        }

        @Override
        public int poll(MessageBuffer into) {
            return -1;
        }

        @Override
        public long maxMessageBytes() {
            return max;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
