package dev.lox;

/**
 * How many more calls failed the same way as the failure it is attached to: gather adds one, as a
 * suppressed exception, to each distinct failure that several calls of one gather share (the same
 * exception type, message and throwing frame), instead of adding every copy. Each call's own
 * exception stays in its future. It has no stack trace of its own: it prints as one line.
 *
 * <pre>{@code
 * java.lang.IllegalStateException: quota exceeded
 *     at com.example.Upload.send(Upload.java:42)
 *     ...
 *     Suppressed: dev.lox.RepeatedFailures: and 399 more calls failed the same way in this gather of Upload.send ...
 * }</pre>
 */
public final class RepeatedFailures extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int count;

    /**
     * Made by lox's gather.
     *
     * @param count the calls that failed the same way, besides the one whose failure this is attached to
     * @param gathered the handle's method or the region that gathered, as messages name it
     */
    public RepeatedFailures(int count, String gathered) {
        super("and " + count + " more call" + (count == 1 ? "" : "s") + " failed the same way in this gather of " + gathered
                + " (same exception type, message and throwing frame); each call's future holds its own", null, false, false);
        this.count = count;
    }

    /** The calls that failed the same way, besides the one whose failure this is attached to. */
    public int count() {
        return count;
    }
}
