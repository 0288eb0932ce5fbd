package dev.lox.internal;

/**
 * A thread of a {@link ThreadCallPool}, which knows the call it runs and the call it waits for: what
 * {@link ScatteredCall} needs to run a call a waiting thread would otherwise deadlock on, to find a
 * cycle of waits, and to keep the calls a running call scatters apart from everyone else's.
 */
final class PoolThread extends Thread {
    final ThreadCallPool pool;
    /** The scope of the innermost call this thread runs (a waiting thread may run another inside its wait). This thread's only. */
    CallScope scope;
    /** The call this thread waits for with no deadline, or null; read by other threads looking for a cycle of waits. */
    volatile ScatteredCall<?> waitingFor;

    PoolThread(ThreadCallPool pool, Runnable work, String name) {
        super(work, name);
        this.pool = pool;
        setDaemon(true);
    }

    /** The current thread, if it is a thread of a lox thread pool; else null. */
    static PoolThread current() {
        return Thread.currentThread() instanceof PoolThread thread ? thread : null;
    }
}
