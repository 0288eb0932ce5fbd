package dev.lox.worker.internal;

import java.security.SecureRandom;
import java.text.SimpleDateFormat;

/**
 * Work a new worker JVM would do on its main thread before it is ready, started first on a daemon
 * thread instead, so that it runs on the second core while the main thread checks its folders and
 * initialises Chronicle Queue (about two thirds of a worker's start).
 *
 * <p>What it warms, each found in a profile of a worker's start (JFR, the main thread to READY):
 * <ul>
 * <li>the JDK's locale, calendar and time-zone data (CLDR), which Chronicle Wire's static
 *     initialiser pulls in through a {@code SimpleDateFormat} when the worker opens its first queue:
 *     about a sixth of the main thread's time;
 * <li>the JDK's default {@code SecureRandom} provider, which each {@code SingleChronicleQueue} builds;
 * <li>Kryo's classes and lox's codec, which the worker needs for its READY message and every call
 *     after.
 * </ul>
 *
 * <p>Only class initialisation and caches of the JDK and Kryo are touched, never Chronicle, whose
 * initialisers the main thread runs: two threads initialising the same classes in different orders
 * can deadlock, and the JDK's and Kryo's initialisers never call into Chronicle. Nothing here is
 * waited for: whichever thread reaches a class first initialises it, and the other blocks on it
 * for no longer than it would take itself. A failure is ignored, since the main thread does the same
 * work again and reports its own failure.
 *
 * <p>{@code -Dlox.process.jvmArgs=-Dlox.worker.warmUp=false} turns it off, to measure it against the
 * same build ({@link WorkerTimeline} gives the main thread's CPU time to READY).
 */
final class WorkerWarmUp {
    private WorkerWarmUp() {
    }

    /** Starts the warm-up thread; returns at once. */
    static void start() {
        if (!Boolean.parseBoolean(System.getProperty("lox.worker.warmUp", "true"))) {
            return;
        }
        Thread t = new Thread(WorkerWarmUp::run, "lox-worker-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        try {
            new SimpleDateFormat("yyyy-MM-dd HH:mm:ss.SSS");
            new SecureRandom();
            KryoCodec.newKryo();
        } catch (Throwable t) {
            // the main thread does the same work when it needs it, and reports what fails there
        }
    }
}
