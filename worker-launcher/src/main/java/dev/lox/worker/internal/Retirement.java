package dev.lox.worker.internal;

/**
 * Why a worker is being retired, and so what becomes of the calls it holds.
 *
 * @param kind what happened
 * @param reason a sentence for the failures of its calls and the {@code lox:} line
 * @param cause the throwable behind it, or null
 * @param target the call it is about (overdue, cancelled), or null
 * @param elapsedNanos how long the target had run, or 0
 */
record Retirement(Kind kind, String reason, Throwable cause, PendingCall target, long elapsedNanos) {
    enum Kind {
        /** The worker JVM exited by itself: every call it held fails. */
        EXITED,
        /** Its channel broke (damaged data, a mismatched response): every held call fails. */
        BROKEN,
        /**
         * An append to its request queue failed (a full disk) and it has answered every call sent
         * before: none is left to fail. Held in the meantime, its calls are watched as any others
         * (heartbeat, call timeout), so one it never answers retires it by that kind instead.
         */
        APPEND_FAILED,
        /** Its heartbeat stopped (SIGSTOP, wedged): killed; the running call fails, the rest go to other workers. */
        STALLED,
        /** Its call ran past the call timeout: killed; that call fails, the rest go to other workers. */
        OVERDUE,
        /** Its call was cancelled and did not stop within the grace period: killed; the rest go to other workers. */
        CANCEL_IGNORED,
        /** Not ready within the start timeout (stopped, wedged): killed; as for STALLED, its first call fails, the rest go to other workers. */
        NOT_READY,
        /** The pool is closing: every held call fails. */
        CLOSING;

        /** Whether the calls queued behind the running one go to other workers (they have not started). */
        boolean movesQueuedCalls() {
            return this == STALLED || this == OVERDUE || this == CANCEL_IGNORED || this == NOT_READY;
        }
    }
}
