package dev.lox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.Lox;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolSpecTest {
    @Test
    void aThreadOrVirtualPoolHasNoCallTimeout() {
        PoolSpec timed = PoolSpec.processes(2).withCallTimeout(Duration.ofSeconds(30));
        assertEquals(Duration.ofSeconds(30), timed.callTimeout());
        assertNotEquals(PoolSpec.processes(2), timed, "another timeout is another pool");
        IllegalArgumentException thread = assertThrows(IllegalArgumentException.class,
                () -> PoolSpec.threads(2).withCallTimeout(Duration.ofSeconds(30)));
        assertTrue(thread.getMessage().startsWith("a call timeout is for process and cluster pools, and this is a thread pool")
                && thread.getMessage().contains("gather(Duration)"), thread.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PoolSpec.virtual(4).withCallTimeout(Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> PoolSpec.processes(1).withCallTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> PoolSpec.processes(1).withCallTimeout(null));
    }

    @Test
    void aClusterPoolHasACallTimeoutToo() {
        PoolSpec timed = PoolSpec.cluster(8).withCallTimeout(Duration.ofSeconds(30));
        assertEquals(Duration.ofSeconds(30), timed.callTimeout());
        assertNotEquals(PoolSpec.cluster(8), timed, "another timeout is another pool");
        assertThrows(IllegalArgumentException.class, () -> PoolSpec.cluster(8).withCallTimeout(Duration.ofSeconds(-1)));
        assertTrue(Lox.cluster(64).callTimeout(Duration.ofSeconds(30)).toString().startsWith("Lox.cluster(64)"));
    }

    @Test
    void theHandlesPoolTakesACallTimeoutOnlyForWorkerJvms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lox.thread(4).callTimeout(Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("a call on a thread cannot be stopped"), e.getMessage());
        assertTrue(Lox.process(2).callTimeout(Duration.ofSeconds(5)).toString().startsWith("Lox.process(2)"));
    }
}
