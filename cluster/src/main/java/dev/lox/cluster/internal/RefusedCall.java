package dev.lox.cluster.internal;

/**
 * How the driver tells a member's refusal of a call from a member lost: the refusal's message starts
 * with one of the marks, whatever exception type Hazelcast rebuilds it as on the driver. A refused
 * call is not run again elsewhere (every member would refuse it alike).
 */
enum RefusedCall {
    /** Its signature did not check: the driver and the member do not share the secret. */
    SIGNATURE("lox: refused by "),
    /** The call, or its result, is over the member's {@link MessageBound}. */
    TOO_LARGE("lox: too large for ");

    final String mark;

    RefusedCall(String mark) {
        this.mark = mark;
    }

    /** Why {@code failure}, or a cause of it, is a member's refusal; null if it is none. */
    static RefusedCall of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (RefusedCall reason : values()) {
                if (t.getMessage() != null && t.getMessage().contains(reason.mark)) {
                    return reason;
                }
            }
        }
        return null;
    }

    /** Whether {@code failure}, or a cause of it, is a member's refusal. */
    static boolean is(Throwable failure) {
        return of(failure) != null;
    }
}
