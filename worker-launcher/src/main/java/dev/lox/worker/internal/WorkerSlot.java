package dev.lox.worker.internal;

import java.nio.file.Path;

/**
 * One worker of a pool, from the moment the pool decides to start it until it is gone, with an
 * explicit run state (as {@code ThreadPoolExecutor}'s):
 *
 * <pre>
 *   STARTING --(its READY message read)--> READY
 *   STARTING, READY --(exited, channel broken or spent, stalled, overdue, pool closing)--> RETIRING
 *   STARTING --(could not be started)--> GONE
 *   RETIRING --(process ended, held calls settled, queues released)--> GONE
 * </pre>
 *
 * A STARTING worker has no process until its JVM is spawned, then takes calls (they wait in its
 * queue) only when no READY worker has room. Only STARTING and READY workers take calls. The slot of
 * a GONE worker is filled by a new {@code WorkerSlot}, with the next generation.
 *
 * <p>Transitions are made by the pool, under its lock, and reported to its {@link WorkerListener}:
 * the one place that sees every worker start and end.
 */
final class WorkerSlot {
    enum State { STARTING, READY, RETIRING, GONE }

    final int index;
    final int generation;
    /** Guarded by the pool. */
    private State state = State.STARTING;
    /** Set once, when the JVM is spawned (under the pool's lock); read by any thread. */
    private volatile WorkerProcess process;
    private volatile WorkerChannel channel;
    private volatile Path folder;
    /** Why it is retiring; guarded by the pool. */
    private Retirement retirement;

    WorkerSlot(int index, int generation) {
        this.index = index;
        this.generation = generation;
    }

    State state() {
        return state;
    }

    /** Moves to {@code next}; throws on a transition the state machine does not have. */
    void moveTo(State next, WorkerListener listener, String pool, Retirement why) {
        boolean legal = switch (next) {
            case STARTING -> false;
            case READY -> state == State.STARTING && channel != null;
            case RETIRING -> state == State.STARTING || state == State.READY;
            case GONE -> state == State.RETIRING || (state == State.STARTING && process == null);
        };
        if (!legal) {
            throw new IllegalStateException("lox: worker slot " + index + " of " + pool + " cannot go from " + state + " to "
                    + next + "; please report this");
        }
        State from = state;
        state = next;
        if (next == State.RETIRING) {
            retirement = why;
        }
        listener.transitioned(pool, this, from, next, why);
    }

    void started(WorkerProcess process, WorkerChannel channel, Path folder) {
        this.process = process;
        this.channel = channel;
        this.folder = folder;
    }

    /** Whether calls may be sent to it now: STARTING with a spawned JVM, or READY, and its channel open. */
    boolean takesCalls() {
        WorkerChannel c = channel;
        return (state == State.STARTING || state == State.READY) && c != null && c.takesCalls();
    }

    boolean isReady() {
        return state == State.READY;
    }

    WorkerProcess process() {
        return process;
    }

    WorkerChannel channel() {
        return channel;
    }

    Path folder() {
        return folder;
    }

    Retirement retirement() {
        return retirement;
    }

    long pid() {
        WorkerProcess p = process;
        return p == null ? -1 : p.pid();
    }

    @Override
    public String toString() {
        return "worker slot " + index + "." + generation + " (" + state + (process == null ? "" : ", pid " + process.pid()) + ")";
    }
}
