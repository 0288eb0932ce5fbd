package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page both JVMs of a worker map: the parked flag's one ring per park, and the heartbeat. */
class WorkerStatusPageTest {

    @Test
    void aParkedWorkerIsRungOnceHoweverManyCallsCome(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("status");
        try (WorkerStatusPage worker = WorkerStatusPage.open(file); WorkerStatusPage parent = WorkerStatusPage.open(file)) {
            assertFalse(parent.claimWakeAfterAppend(), "a worker that is not parked is not rung");
            worker.setParked(true);
            assertTrue(parent.claimWakeAfterAppend(), "the first call after the park rings");
            for (int call = 0; call < 100_000; call++) {
                // A stopped worker never clears the flag itself: a ring a call would fill its stdin.
                assertFalse(parent.claimWakeAfterAppend(), "call " + call + " rang a worker already rung");
            }
            worker.setParked(false);
            worker.setParked(true); // woken, it read its queue and parked again
            assertTrue(parent.claimWakeAfterAppend(), "the next park is rung again");
        }
    }

    @Test
    void beatsAreSeenAcrossMappings(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("status");
        try (WorkerStatusPage worker = WorkerStatusPage.open(file); WorkerStatusPage parent = WorkerStatusPage.open(file)) {
            worker.beat();
            worker.beat();
            assertEquals(2, parent.beats());
        }
    }
}
