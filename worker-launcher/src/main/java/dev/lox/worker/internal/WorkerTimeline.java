package dev.lox.worker.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A debug-only account of a worker's start, for finding where its time goes: with
 * {@code -Dlox.process.jvmArgs=-Dlox.worker.timeline=true}, each worker prints one {@code lox worker:}
 * line to stderr once it has sent READY, giving when its {@code main} began (JVM uptime), the wall
 * time of each step after, and the main thread's CPU time to READY (what a worker's start costs on
 * its critical path, which moves far less with the machine's load than wall time does).
 *
 * <p>Read from Linux's {@code /proc} (clock ticks: 10 ms resolution) rather than through
 * {@code java.lang.management}, whose classes would add to what is measured; elsewhere those
 * figures are left out. Off, it costs one {@code System.nanoTime()} per step.
 */
final class WorkerTimeline {
    static final String SETTING = "lox.worker.timeline";
    private static final long TICK_MILLIS = 10; // USER_HZ 100, which /proc reports times in

    private final boolean on = Boolean.getBoolean(SETTING);
    private final long startNanos = System.nanoTime();
    private final long uptimeAtStartMillis = on ? uptimeMillis() : -1;
    private final List<String> steps = new ArrayList<>();
    private long lastNanos = startNanos;

    /** Marks the end of step {@code name}. */
    void step(String name) {
        if (!on) {
            return;
        }
        long now = System.nanoTime();
        steps.add(String.format(Locale.ROOT, "%s +%.1f ms", name, (now - lastNanos) / 1e6));
        lastNanos = now;
    }

    /** Prints the line, if on; called on the main thread once READY is sent. */
    void print() {
        if (!on) {
            return;
        }
        System.err.printf(Locale.ROOT, "lox worker: timeline: main() at JVM uptime %s ms; %s; READY at %.1f ms after main();"
                + " main thread CPU to READY %s ms%n", uptimeAtStartMillis < 0 ? "?" : Long.toString(uptimeAtStartMillis),
                String.join(", ", steps), (lastNanos - startNanos) / 1e6, mainThreadCpuMillis());
    }

    /** This JVM's age, from its process's start time and the system's uptime; -1 where there is no /proc. */
    private static long uptimeMillis() {
        try {
            String[] stat = afterName(Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII));
            long startTicks = Long.parseLong(stat[19]); // starttime, field 22
            double systemUp = Double.parseDouble(Files.readString(Path.of("/proc/uptime"), StandardCharsets.US_ASCII).split(" ")[0]);
            return Math.round(systemUp * 1000) - startTicks * TICK_MILLIS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String mainThreadCpuMillis() {
        try {
            String[] stat = afterName(Files.readString(Path.of("/proc/thread-self/stat"), StandardCharsets.US_ASCII));
            return Long.toString((Long.parseLong(stat[11]) + Long.parseLong(stat[12])) * TICK_MILLIS); // utime, stime
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The fields of a /proc stat line after the command name, which may hold spaces: field 3 is [0]. */
    private static String[] afterName(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }
}
