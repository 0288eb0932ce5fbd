package dev.lox.worker.internal;

import java.util.List;

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
    }

    static List<String> flags() {
        return SETTINGS.stream().map(s -> "-D" + s[0] + "=" + System.getProperty(s[0], s[1])).toList();
    }
}
