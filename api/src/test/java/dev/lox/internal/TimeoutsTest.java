package dev.lox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutsTest {
    @Test
    void durationsReadInTheUnitsTheyName() {
        assertEquals(Duration.ofMillis(500), Timeouts.parse("x", "500ms"));
        assertEquals(Duration.ofSeconds(30), Timeouts.parse("x", "30s"));
        assertEquals(Duration.ofMinutes(10), Timeouts.parse("x", " 10m "));
        assertEquals(Duration.ofMinutes(3), Timeouts.parse("x", "3min"));
        assertEquals(Duration.ofHours(2), Timeouts.parse("x", "2h"));
        assertEquals(Duration.ofSeconds(45), Timeouts.parse("x", "PT45S"));
        assertEquals(Duration.ZERO, Timeouts.parse("x", "none"));
        assertEquals(Duration.ZERO, Timeouts.parse("x", "0"));
    }

    @Test
    void aBadDurationNamesTheSettingTheValueAndTheForms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Timeouts.parse("-Dlox.process.callTimeout", "ten minutes"));
        assertTrue(e.getMessage().startsWith("-Dlox.process.callTimeout must be a duration such as 500ms, 30s")
                && e.getMessage().endsWith("was 'ten minutes'"), e.getMessage());
        for (String bad : new String[] {"30", "s", "1.5s", "PTx", "30 days"}) {
            assertThrows(IllegalArgumentException.class, () -> Timeouts.parse("x", bad), bad);
        }
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> Timeouts.parse("x", "-5s"));
        assertEquals("x must not be negative, was '-5s'", negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Timeouts.parse("x", "PT-5S"));
    }

    @Test
    void aDurationIsWrittenAsItIsReadBack() {
        for (Duration d : new Duration[] {Duration.ZERO, Duration.ofHours(2), Duration.ofMinutes(90), Duration.ofSeconds(45),
                Duration.ofMillis(1500), Duration.ofNanos(1_500)}) {
            assertEquals(d, Timeouts.parse("x", Timeouts.write(d)), Timeouts.write(d));
        }
        assertEquals("none", Timeouts.write(Duration.ZERO));
        assertEquals("90m", Timeouts.write(Duration.ofMinutes(90)));
        assertEquals("1500ms", Timeouts.write(Duration.ofMillis(1500)));
    }
}
