package dev.lox;

import java.time.Duration;

/**
 * A call ran in a worker JVM for longer than its pool's call timeout. The worker was killed and
 * replaced, so the call did not finish; the calls that waited behind it went to other workers.
 * Set the timeout with {@code -Dlox.process.callTimeout=<duration>} ({@code 0} for none).
 */
public final class CallTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;
    private final Duration elapsed;

    public CallTimeoutException(String message, Duration timeout, Duration elapsed) {
        super(message);
        this.timeout = timeout;
        this.elapsed = elapsed;
    }

    /** The pool's call timeout. */
    public Duration timeout() {
        return timeout;
    }

    /** How long the call had been running when it was stopped. */
    public Duration elapsed() {
        return elapsed;
    }
}
