package dev.lox.cluster.internal;

/**
 * The largest envelope lox sends to a member or a member accepts: {@code -Dlox.cluster.maxMessageBytes}
 * (default 64 MiB, at most 1 GiB). A call larger is refused at scatter, before anything is sent; a
 * member refuses a larger one before it checks or decodes a byte of it, and a result larger fails its
 * call. Read once, when the driver opens its cluster or the member starts.
 */
public final class MessageBound {
    /** The system property, on the driver and on members (lox starts {@code local:N}'s, and {@code member}'s, with the driver's or the launcher's). */
    public static final String PROPERTY = "lox.cluster.maxMessageBytes";
    static final long DEFAULT = 64L << 20;
    static final long MAX = 1L << 30;
    static final long MIN = 1024;

    private MessageBound() {
    }

    /**
     * This JVM's bound.
     *
     * @throws IllegalArgumentException naming the setting, its value and the range, if it is not a number of bytes in it
     */
    public static long fromSystemProperties() {
        return parse(System.getProperty(PROPERTY));
    }

    /** The bound {@code text} sets; null for the default. */
    static long parse(String text) {
        if (text == null) {
            return DEFAULT;
        }
        long bytes;
        try {
            bytes = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            bytes = -1;
        }
        if (bytes < MIN || bytes > MAX) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be a number of bytes from " + MIN + " to " + MAX
                    + " (1 GiB: a Hazelcast message is one array, and a member holds each call's whole), was '" + text
                    + "'; leave it out for " + DEFAULT + " (64 MiB)");
        }
        return bytes;
    }

    /**
     * Fails a call at scatter whose envelope is over the bound.
     *
     * @param what the call, as the message names it
     * @throws IllegalArgumentException naming the size, the bound, the setting and the fix; nothing is sent
     */
    static void checkCall(long envelopeBytes, long bound, String what) {
        if (envelopeBytes > bound) {
            throw new IllegalArgumentException(what + " is " + envelopeBytes + " bytes encoded, more than the cluster's bound of "
                    + bound + " bytes (-D" + PROPERTY + "): nothing was sent; send less (a path or a key in place of the data), or"
                    + " raise the bound, on the driver and on every member alike (at most " + MAX + ", 1 GiB)");
        }
    }

    /** A member's words for an envelope over its bound, refused before anything was read of it. */
    static String refusal(long envelopeBytes, long bound, String kind) {
        return "a " + kind + " of " + envelopeBytes + " bytes, more than this member's bound of " + bound + " bytes (-D" + PROPERTY
                + "): refused, nothing decoded; set the same bound on the driver and the members";
    }
}
