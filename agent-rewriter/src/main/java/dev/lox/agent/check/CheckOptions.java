package dev.lox.agent.check;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code check}'s command line: {@code [--json] CONFIG CLASSPATH...}.
 *
 * @param config the config file, as the user wrote it
 * @param classPath the class path entries, as the user wrote them
 * @param json whether to write one JSON document instead of lines
 * @param help whether the user asked for the usage
 */
record CheckOptions(String config, List<String> classPath, boolean json, boolean help) {

    /** @throws IllegalArgumentException saying what is wrong with the command line */
    static CheckOptions parse(String[] args) {
        boolean json = false;
        List<String> positional = new ArrayList<>();
        boolean options = true;
        for (String arg : args) {
            if (options && arg.equals("--")) {
                options = false;
            } else if (options && (arg.equals("--help") || arg.equals("-h"))) {
                return new CheckOptions(null, List.of(), false, true);
            } else if (options && arg.equals("--json")) {
                json = true;
            } else if (options && arg.startsWith("-") && arg.length() > 1) {
                throw new IllegalArgumentException("unknown option \"" + arg + "\"; the one option is --json");
            } else {
                positional.add(arg);
            }
        }
        if (positional.isEmpty()) {
            throw new IllegalArgumentException("check needs a config file and a class path");
        }
        if (positional.size() == 1) {
            throw new IllegalArgumentException("check needs a class path after the config file " + positional.get(0)
                    + ": the application's jars, folders of class files, or its Spring Boot fat jar");
        }
        return new CheckOptions(positional.get(0), List.copyOf(positional.subList(1, positional.size())), json, false);
    }
}
