package dev.lox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * What every parallel method's handle can do, whatever its arity: gather what was scattered. The
 * typed handles ({@link Handle0} to {@link Handle6}) add {@code call} and {@code scatter}.
 *
 * <p>A handle's pending calls are the calls scattered through it since its last gather. A method's
 * handles (one per bound receiver) share the method's pool but not their pending calls.
 *
 * <p>Memory consistency effects: actions in a thread before it scatters a call happen-before the
 * call runs; actions of the call happen-before {@code gather} returns its result.
 *
 * @param <R> the method's result; {@link Void} for a void method, whose results are nulls
 */
public interface Handle<R> {

    /**
     * Waits for every call scattered through this handle since the last gather, and returns their
     * results in scatter order. If calls failed, it still waits for all, then throws the first
     * failure in scatter order (unchecked exceptions as themselves, checked ones wrapped in
     * {@link ScatterException}) with each other distinct failure added once as suppressed; a
     * failure that several calls share (same type, message and throwing frame) carries a suppressed
     * {@link RepeatedFailures} counting the others. Each call's own failure stays in its future.
     *
     * <p>Inside a running call of a lox pool, it takes the calls that call scattered through this
     * handle, and the pool's thread runs those still queued itself rather than wait for a thread
     * (see the README's "Waiting inside a call").
     *
     * <p>If the thread is interrupted, it throws {@link java.util.concurrent.CancellationException}
     * with the interrupt status kept, and the calls stay pending.
     */
    List<R> gather();

    /**
     * As {@link #gather()}, reporting progress: {@code start(total)} once, {@code advance(1)} as each
     * call completes, {@code finish()} at the end. {@link Progress#bar()} draws a bar on stderr.
     * If {@code progress} throws, the gather ends with its exception and the calls stay pending.
     */
    List<R> gather(Progress progress);

    /**
     * As {@link #gather()}, but waits at most {@code timeout} (a negative one not at all).
     *
     * @throws TimeoutException if some call is not done by then; the calls stay pending, so a later
     *     gather still returns them
     */
    List<R> gather(Duration timeout) throws TimeoutException;

    /**
     * Calls waiting in the method's pool for a thread or worker (shared by the method's handles),
     * like lox's {@code len(fn)}; for a bounded virtual pool, the calls waiting for a permit.
     */
    int pending();

    /** Calls scattered through this handle since its last gather. */
    int scattered();
}
