package dev.lox.internal;

import dev.lox.Progress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A tqdm-like progress bar: {@code label: 42%|████▏     | 42/100 [00:03<00:04, 13.9 calls/s]},
 * redrawn in place with a carriage return at most ten times a second, and once more at the end.
 */
public final class ProgressBar implements Progress {
    private static final int WIDTH = 20;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final char[] EIGHTHS = {' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'};

    private final PrintStream out;
    private final String label;
    private final LongSupplier clock;
    private long total;
    private long done;
    private long startNanos;
    private long lastDrawNanos;

    public ProgressBar(PrintStream out, String label) {
        this(out, label, System::nanoTime);
    }

    ProgressBar(PrintStream out, String label, LongSupplier clock) {
        this.out = out;
        this.label = label == null || label.isEmpty() ? "" : label + ": ";
        this.clock = clock;
    }

    @Override
    public void start(long total) {
        this.total = total;
        this.done = 0;
        this.startNanos = clock.getAsLong();
        draw(startNanos);
    }

    @Override
    public void advance(long n) {
        done += n;
        long now = clock.getAsLong();
        if (now - lastDrawNanos >= REDRAW_NANOS) {
            draw(now);
        }
    }

    @Override
    public void finish() {
        draw(clock.getAsLong());
        out.print('\n');
        out.flush();
    }

    private void draw(long now) {
        lastDrawNanos = now;
        out.print('\r');
        out.print(render(now));
        out.flush();
    }

    /** The bar's text at time {@code now}. */
    String render(long now) {
        double elapsed = (now - startNanos) / 1e9;
        double fraction = total == 0 ? 1.0 : Math.min(1.0, (double) done / total);
        double rate = elapsed > 0 ? done / elapsed : 0;
        String eta = rate > 0 ? clockTime((total - done) / rate) : "?";
        return String.format(Locale.ROOT, "%s%3d%%|%s| %d/%d [%s<%s, %s calls/s]", label,
                (int) (fraction * 100), bar(fraction), done, total, clockTime(elapsed), eta,
                rate > 0 ? String.format(Locale.ROOT, "%.1f", rate) : "?");
    }

    private static String bar(double fraction) {
        int eighths = (int) (fraction * WIDTH * 8);
        StringBuilder bar = new StringBuilder(WIDTH);
        bar.append("█".repeat(eighths / 8));
        if (bar.length() < WIDTH) {
            bar.append(EIGHTHS[eighths % 8]);
        }
        while (bar.length() < WIDTH) {
            bar.append(' ');
        }
        return bar.toString();
    }

    private static String clockTime(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
