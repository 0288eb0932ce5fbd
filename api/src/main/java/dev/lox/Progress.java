package dev.lox;

import dev.lox.internal.ProgressBar;

/**
 * Progress of a gather, like lox's {@code gather(tqdm=...)}. The gathering thread calls
 * {@link #start(long)} once, {@link #advance(long) advance(1)} as each call completes, and
 * {@link #finish()} at the end, whether the calls succeeded or not. All three are called from the
 * gathering thread only, so an implementation need not be thread-safe.
 */
public interface Progress {

    /** The gather begins waiting for {@code total} calls. */
    void start(long total);

    /** {@code n} more calls completed. */
    void advance(long n);

    /** Every call completed (or the gather gave up). */
    void finish();

    /**
     * A tqdm-like bar on {@code System.err}: count, percent, elapsed time, rate and time left,
     * redrawn in place at most ten times a second.
     */
    static Progress bar() {
        return new ProgressBar(System.err, "");
    }

    /** A bar as {@link #bar()} with a label before it. */
    static Progress bar(String label) {
        return new ProgressBar(System.err, label);
    }
}
