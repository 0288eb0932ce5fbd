package dev.lox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The tqdm-like bar: what it shows, and that it redraws in place. */
class ProgressBarTest {
    private final AtomicLong now = new AtomicLong();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "render", now::get);

    /** Count, percent, elapsed, rate and time left, as tqdm shows them. */
    @Test
    void showsCountPercentElapsedRateAndEta() {
        bar.start(100);
        now.set(2_000_000_000L);
        bar.advance(40);
        assertEquals("render:  40%|████████            | 40/100 [00:02<00:03, 20.0 calls/s]", bar.render(now.get()));
    }

    /** Before any call completes the rate and time left are unknown. */
    @Test
    void unknownRateAtStart() {
        bar.start(3);
        assertEquals("render:   0%|                    | 0/3 [00:00<?, ? calls/s]", bar.render(now.get()));
    }

    /** Each redraw starts with a carriage return; finish ends the line at 100%. */
    @Test
    void redrawsInPlaceAndEndsTheLine() {
        bar.start(2);
        now.set(1_000_000_000L);
        bar.advance(1);
        now.set(2_000_000_000L);
        bar.advance(1);
        bar.finish();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\r"), out);
        assertTrue(out.endsWith("100%|████████████████████| 2/2 [00:02<00:00, 1.0 calls/s]\n"), out);
    }
}
