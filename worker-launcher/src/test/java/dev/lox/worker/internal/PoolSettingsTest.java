package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PoolSettingsTest {
    @Test
    void theDefaultCallTimeoutIsTenMinutesAndAWorkerHasAMinuteToGetReady() {
        assertEquals(TimeUnit.MINUTES.toNanos(10), PoolSettings.defaults().callTimeoutNanos());
        assertEquals(TimeUnit.MINUTES.toNanos(1), PoolSettings.defaults().startTimeoutNanos());
    }

    @Test
    void theTimeoutsAreReadFromTheirPropertiesAndABadOneNamesItsProperty() {
        System.setProperty("lox.process.callTimeout", "90s");
        System.setProperty("lox.process.startTimeout", "2m");
        try {
            PoolSettings settings = PoolSettings.fromSystemProperties();
            assertEquals(TimeUnit.SECONDS.toNanos(90), settings.callTimeoutNanos());
            assertEquals(TimeUnit.MINUTES.toNanos(2), settings.startTimeoutNanos());
            System.setProperty("lox.process.startTimeout", "0");
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, PoolSettings::fromSystemProperties);
            assertTrue(none.getMessage().startsWith("-Dlox.process.startTimeout must be more than 0"), none.getMessage());
            System.setProperty("lox.process.startTimeout", "soon");
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, PoolSettings::fromSystemProperties);
            assertTrue(bad.getMessage().startsWith("-Dlox.process.startTimeout must be a duration") && bad.getMessage().contains("'soon'"),
                    bad.getMessage());
        } finally {
            System.clearProperty("lox.process.callTimeout");
            System.clearProperty("lox.process.startTimeout");
        }
    }

    @Test
    void aMethodsOwnCallTimeoutReplacesThePoolDefault() {
        assertEquals(TimeUnit.SECONDS.toNanos(3), PoolSettings.defaults().withCallTimeout(java.time.Duration.ofSeconds(3)).callTimeoutNanos());
        assertEquals(0, PoolSettings.defaults().withCallTimeout(java.time.Duration.ZERO).callTimeoutNanos());
    }

    @Test
    void aMessageLimitOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PoolSettings.defaults().withMaxMessageBytes(10));
    }
}
