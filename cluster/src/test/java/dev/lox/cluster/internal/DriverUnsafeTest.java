package dev.lox.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The driver's one line about Java 24+'s Unsafe warning: when, and naming the flag. */
class DriverUnsafeTest {
    @Test
    void saidOnJava24AndLaterUnlessTheUserChoseAMode() {
        assertNull(DriverUnsafe.notice(17, null));
        assertNull(DriverUnsafe.notice(23, null));
        assertNull(DriverUnsafe.notice(25, "allow"));
        String notice = DriverUnsafe.notice(25, null);
        assertTrue(notice.contains("Java 25") && notice.contains("--sun-misc-unsafe-memory-access=allow"), notice);
    }
}
