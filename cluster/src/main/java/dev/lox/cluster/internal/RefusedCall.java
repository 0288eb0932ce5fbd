package dev.lox.cluster.internal;

/**
 * How the driver tells a member's refusal of a call (a bad signature) from a member lost: the
 * refusal's message starts with {@link #MARK}, whatever exception type Hazelcast rebuilds it as on
 * the driver. A refused call is not run again elsewhere (every member would refuse it alike).
 */
final class RefusedCall {
    static final String MARK = "lox: refused by ";

    private RefusedCall() {
    }

    /** Whether {@code failure}, or a cause of it, is a member's refusal. */
    static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(MARK)) {
                return true;
            }
        }
        return false;
    }
}
