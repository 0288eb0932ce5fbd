package dev.lox.agent.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The findings of one run, in the order they were found. */
final class Findings {
    private final List<Finding> all = new ArrayList<>();

    void add(String origin, Finding.Kind kind, boolean problem, String message, Map<String, Object> facts) {
        all.add(new Finding(origin, kind, problem, message, facts));
    }

    /**
     * Orders the findings by origin, keeping the order of those of one origin: the config file's
     * ({@code configFile}) lines in line order, then annotated methods by file and line.
     */
    void sortByOrigin(String configFile) {
        all.sort(Comparator.comparing((Finding f) -> !file(f.origin()).equals(configFile))
                .thenComparing(f -> file(f.origin()))
                .thenComparingInt(f -> line(f.origin())));
    }

    private static String file(String origin) {
        int colon = origin.lastIndexOf(':');
        return colon < 0 ? origin : origin.substring(0, colon);
    }

    private static int line(String origin) {
        int colon = origin.lastIndexOf(':');
        try {
            return colon < 0 ? 0 : Integer.parseInt(origin.substring(colon + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    List<Finding> all() {
        return Collections.unmodifiableList(all);
    }

    long problems() {
        return all.stream().filter(Finding::problem).count();
    }
}
