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
        // Chronicle finds its ByteBuffer cleaner with ServiceLoader through the thread's context
        // class loader. From the agent jar, Chronicle sits in the loader of a nested jar, which the
        // usual context loader (the application's) cannot see, and Chronicle would fall back to its
        // reflective cleaner; so the cleaner is chosen once here, with the loader Chronicle came from.
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(ChronicleSettings.class.getClassLoader());
        try {
            CleanerServiceLocator.cleanerService();
        } finally {
            thread.setContextClassLoader(context);
        }
    }

    static List<String> flags() {
        return SETTINGS.stream().map(s -> "-D" + s[0] + "=" + System.getProperty(s[0], s[1])).toList();
    }
}
