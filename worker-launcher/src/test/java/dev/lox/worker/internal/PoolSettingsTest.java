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
    void theCancelGraceAndTheStallTimeoutAreSetLikeTheStartTimeoutAndBadOnesNameTheirPropertyAndTheFix() {
        assertEquals(TimeUnit.SECONDS.toNanos(2), PoolSettings.fromSystemProperties().cancelGraceNanos());
        assertEquals(TimeUnit.SECONDS.toNanos(5), PoolSettings.fromSystemProperties().stallTimeoutNanos());
        System.setProperty("lox.process.cancelGrace", "750ms");
        System.setProperty("lox.process.stallTimeout", "PT30S");
        try {
            PoolSettings settings = PoolSettings.fromSystemProperties();
            assertEquals(TimeUnit.MILLISECONDS.toNanos(750), settings.cancelGraceNanos());
            assertEquals(TimeUnit.SECONDS.toNanos(30), settings.stallTimeoutNanos());

            System.setProperty("lox.process.cancelGrace", "none");
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, PoolSettings::fromSystemProperties);
            assertTrue(none.getMessage().startsWith("-Dlox.process.cancelGrace must be more than 0") && none.getMessage().contains("'none'"),
                    none.getMessage());
            System.setProperty("lox.process.cancelGrace", "2 seconds");
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, PoolSettings::fromSystemProperties);
            assertTrue(bad.getMessage().startsWith("-Dlox.process.cancelGrace must be a duration such as 500ms")
                    && bad.getMessage().contains("'2 seconds'"), bad.getMessage());
            System.clearProperty("lox.process.cancelGrace");

            System.setProperty("lox.process.stallTimeout", "0");
            IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, PoolSettings::fromSystemProperties);
            assertTrue(zero.getMessage().startsWith("-Dlox.process.stallTimeout must be more than 0"), zero.getMessage());
            System.setProperty("lox.process.stallTimeout", "200ms");
            IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class, PoolSettings::fromSystemProperties);
            assertTrue(tooShort.getMessage().startsWith("-Dlox.process.stallTimeout must be at least 500ms (a worker beats every 100 ms")
                    && tooShort.getMessage().endsWith("was '200ms'"), tooShort.getMessage());
            System.setProperty("lox.process.stallTimeout", "500ms");
            assertEquals(TimeUnit.MILLISECONDS.toNanos(500), PoolSettings.fromSystemProperties().stallTimeoutNanos(), "the minimum itself is taken");
        } finally {
            System.clearProperty("lox.process.cancelGrace");
            System.clearProperty("lox.process.stallTimeout");
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
