package dev.lox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterCallPoolTest {
    @Test
    void aMethodsOwnCallTimeoutWinsThenThePropertyThenTenMinutes() {
        assertEquals(Duration.ofSeconds(30), ClusterCallPool.callTimeout(Duration.ofSeconds(30), "5m"));
        assertEquals(Duration.ZERO, ClusterCallPool.callTimeout(Duration.ZERO, null), "none: no limit");
        assertEquals(Duration.ofMinutes(5), ClusterCallPool.callTimeout(null, "5m"));
        assertEquals(Duration.ofMinutes(10), ClusterCallPool.callTimeout(null, null));
    }

    @Test
    void aBadPropertyIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterCallPool.callTimeout(null, "soon"));
        assertTrue(e.getMessage().startsWith("-Dlox.cluster.callTimeout must be a duration"), e.getMessage());
    }
}
