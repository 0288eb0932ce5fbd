package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PoolSettingsTest {
    @Test
    void durationsReadInTheUnitsTheyName() {
        assertEquals(TimeUnit.MILLISECONDS.toNanos(500), PoolSettings.parseDuration("x", "500ms"));
        assertEquals(TimeUnit.SECONDS.toNanos(30), PoolSettings.parseDuration("x", "30s"));
        assertEquals(TimeUnit.MINUTES.toNanos(10), PoolSettings.parseDuration("x", " 10m "));
        assertEquals(TimeUnit.HOURS.toNanos(2), PoolSettings.parseDuration("x", "2h"));
        assertEquals(TimeUnit.SECONDS.toNanos(45), PoolSettings.parseDuration("x", "PT45S"));
        assertEquals(0, PoolSettings.parseDuration("x", "none"));
        assertEquals(0, PoolSettings.parseDuration("x", "0"));
    }

    @Test
    void aBadDurationNamesTheSettingAndTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoolSettings.parseDuration("-Dlox.process.callTimeout", "ten minutes"));
        assertTrue(e.getMessage().contains("-Dlox.process.callTimeout") && e.getMessage().contains("'ten minutes'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PoolSettings.parseDuration("x", "-5s"));
    }

    @Test
    void theDefaultCallTimeoutIsTenMinutes() {
        assertEquals(TimeUnit.MINUTES.toNanos(10), PoolSettings.defaults().callTimeoutNanos());
    }

    @Test
    void aMessageLimitOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PoolSettings.defaults().withMaxMessageBytes(10));
    }
}
