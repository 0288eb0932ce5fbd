package dev.lox.worker.internal;

import java.util.List;
import net.openhft.chronicle.core.cleaner.CleanerServiceLocator;

/**
 * System properties Chronicle reads once, in static initialisers: they must be set before the first
 * Chronicle class loads, in the parent (here) and in workers (on their command line, from
 * {@link #flags()}). A value the user set explicitly is kept.
 */
final class ChronicleSettings {
    /** lox never phones home; no banner on stdout; no disk-space polling thread. */
    private static final List<String[]> SETTINGS = List.of(
            new String[] {"chronicle.analytics.disable", "true"},
            new String[] {"chronicle.announcer.disable", "true"},
            new String[] {"chronicle.disk.monitor.disable", "true"});

    private ChronicleSettings() {
    }

    static void apply() {
        for (String[] s : SETTINGS) {
            if (System.getProperty(s[0]) == null) {
                System.setProperty(s[0], s[1]);
            }
        }
        chooseCleaner();
    }

    private static volatile boolean cleanerChosen;

    /**
     * Chronicle finds its ByteBuffer cleaner with ServiceLoader through the thread's context class
     * loader, once. From the agent jar, Chronicle sits in the loader of a nested jar, which the usual
     * context loader (the application's) cannot see, and Chronicle would fall back to its reflective
     * cleaner; so the cleaner is then chosen here, with the loader Chronicle came from. Where the two
     * are the same loader (workers, class-path use), Chronicle is left to do it when it needs to.
     */
    private static void chooseCleaner() {
        ClassLoader own = ChronicleSettings.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        if (cleanerChosen || context == own) {
            return;
        }
        thread.setContextClassLoader(own);
        try {
            CleanerServiceLocator.cleanerService();
        } finally {
            thread.setContextClassLoader(context);
        }
        cleanerChosen = true;
    }

    static List<String> flags() {
        return SETTINGS.stream().map(s -> "-D" + s[0] + "=" + System.getProperty(s[0], s[1])).toList();
    }
}
