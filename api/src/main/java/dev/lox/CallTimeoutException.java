package dev.lox;

import java.time.Duration;

/**
 * A call ran in a worker JVM for longer than its pool's call timeout. The worker was killed and
 * replaced, so the call did not finish; the calls that waited behind it went to other workers.
 * Set a method's timeout with {@code Lox.process(n).callTimeout(...)}, {@code callTimeout(30s)} on
 * its config rule or {@code @Lox.Process(callTimeout = "30s")}; every pool's with
 * {@code -Dlox.process.callTimeout=<duration>} ({@code none} for no limit). The default is 10 minutes.
 *
 * <p>On a cluster pool: a call ran on a member for longer than the pool's call timeout, and the
 * member interrupted it (a call that ignores the interrupt runs on there until it returns, and its
 * result is dropped). Set it with {@code @Lox.Cluster(callTimeout = "30s")},
 * {@code Lox.cluster(n).callTimeout(...)}, {@code callTimeout(30s)} on a cluster rule, or every
 * cluster pool's with {@code -Dlox.cluster.callTimeout}; the default is 10 minutes.
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
