package dev.lox.worker.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The thread that reads a pool's responses and watches its workers, and the way a waiting caller
 * reads responses itself ({@link #help}).
 *
 * <p>Reads responses while calls are held and no waiting caller is reading them itself; parks while
 * the pool holds nothing, until {@link #wake} (a new call, a worker's exit). Every few milliseconds
 * it has the pool look at its workers (exits, heartbeats, call timeouts, ignored cancels). It catches
 * everything: a fault of one worker's channel is that worker's crash (the channel says so); anything
 * else stops the pool with that error, which every later call then reports.
 */
final class ResponseReader {
    /** How long a waiting caller reads responses itself before it blocks, after the last one it read. */
    private static final long HELP_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long HELPER_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SHORT_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long SHORT_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    /** How often the workers are looked at while calls are out: bounds how late a crash or a stall is seen. */
    static final long SUPERVISE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Idle, the reader still looks at the workers this often (a stopped idle worker is found before it gets a call). */
    private static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final WorkerPool pool;
    /** Whoever reads responses holds this: the reader thread, a caller helping, or the pool settling a retired worker. */
    final ReentrantLock readLock = new ReentrantLock();
    private final Backoff backoff = Backoff.balanced(10);
    private final AtomicInteger helpers = new AtomicInteger();
    private final Thread thread;
    private volatile boolean idleParked;
    private volatile boolean stopped;

    ResponseReader(WorkerPool pool, String name) {
        this.pool = pool;
        this.thread = new Thread(this::run, "lox-process-" + name + "-responses");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long idleSince = System.nanoTime();
        long supervised = 0;
        while (!stopped) {
            try {
                long now = System.nanoTime();
                if (now - supervised >= SUPERVISE_NANOS) {
                    supervised = now;
                    pool.supervise(now);
                }
                if (helpers.get() > 0) {
                    backoff.park(HELPER_CHECK_NANOS); // a caller is reading; stay off its CPU
                    idleSince = System.nanoTime();
                    continue;
                }
                int read;
                readLock.lock();
                try {
                    read = pool.drainAll();
                } finally {
                    readLock.unlock();
                }
                if (read > 0) {
                    backoff.reset();
                } else if (pool.hasWork()) {
                    backoff.pause();
                } else if (System.nanoTime() - idleSince < SHORT_IDLE_NANOS) {
                    // Briefly idle: short parks that nobody needs to cut short, so that a caller sending
                    // call after call (and reading the results itself) pays no wake-up system call.
                    backoff.park(SHORT_PARK_NANOS);
                    continue;
                } else {
                    idleParked = true;
                    if (!pool.hasWork() && !stopped) { // re-check: a submit may have raced the flag
                        backoff.park(IDLE_PARK_NANOS);
                    }
                    idleParked = false;
                    backoff.reset();
                }
                idleSince = System.nanoTime();
            } catch (Throwable t) {
                pool.fail(t, "its response reader");
                return;
            }
        }
    }

    /** Wakes the reader if it is parked idle (a new call); cheap when it is not. */
    void wakeIfIdle() {
        if (idleParked) {
            backoff.wake();
        }
    }

    void wake() {
        backoff.wake();
    }

    /**
     * Lets the thread waiting for {@code call} read responses itself for a while, instead of parking
     * and being woken by the reader thread: a hand-off between threads costs tens of microseconds on
     * a busy machine, more than the whole round trip. Reading stops after {@value #HELP_NANOS} ns
     * without a response (a long call), and the caller then blocks as usual.
     */
    void help(java.util.concurrent.CompletableFuture<?> call, long deadlineNanos) {
        if (call.isDone() || stopped) {
            return;
        }
        helpers.incrementAndGet();
        try {
            long now = System.nanoTime();
            long until = now + HELP_NANOS;
            while (!call.isDone() && now - until < 0 && now - deadlineNanos < 0 && !stopped) {
                if (readLock.tryLock()) {
                    try {
                        if (pool.drainAll() > 0) {
                            until = System.nanoTime() + HELP_NANOS;
                        }
                    } finally {
                        readLock.unlock();
                    }
                }
                Thread.yield(); // not onSpinWait: the worker may need this very CPU to answer
                now = System.nanoTime();
            }
        } catch (Throwable t) {
            pool.fail(t, "a caller reading responses");
        } finally {
            if (helpers.decrementAndGet() == 0 && !call.isDone()) {
                backoff.wake(); // the reader takes over the call this caller gave up reading for
            }
        }
    }

    /** Stops the thread and waits for it (bounded). */
    void stop() {
        stopped = true;
        backoff.wake();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
