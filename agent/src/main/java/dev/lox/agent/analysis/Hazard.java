package dev.lox.agent.analysis;

import java.util.Locale;

/**
 * What could make a scattered call change what its caller computes. Each has the short name a
 * config rule's {@code accept(...)} and {@code @Lox.Gather(accept = ...)} write.
 */
public enum Hazard {
    /**
     * The call lies inside a try block (a catch or a finally) of its method: scattered, its failure
     * would reach the handler only when the region gathers, not at the call, and a finally would run
     * before the call had.
     */
    TRY_CATCH("try-catch"),
    /**
     * After the call, the method uses the receiver or an argument again, or a value they were built
     * from: scattered, the use may run before the call has.
     */
    USED_AFTER("used-after"),
    /** After the call, the method reads a static field of the called method's class. */
    STATIC_READ("static-read");

    private final String configName;

    Hazard(String configName) {
        this.configName = configName;
    }

    /** The name a rule writes to accept the hazard: {@code try-catch}, {@code used-after}, {@code static-read}. */
    public String configName() {
        return configName;
    }

    /**
     * The hazard a config name stands for.
     *
     * @throws IllegalArgumentException naming the value and the names there are
     */
    public static Hazard ofConfigName(String name) {
        for (Hazard hazard : values()) {
            if (hazard.configName.equals(name)) {
                return hazard;
            }
        }
        String lower = name.toLowerCase(Locale.ROOT).replace('_', '-');
        for (Hazard hazard : values()) {
            if (hazard.configName.equals(lower)) {
                throw new IllegalArgumentException("unknown hazard \"" + name + "\": write " + hazard.configName);
            }
        }
        throw new IllegalArgumentException("unknown hazard \"" + name + "\": write " + names());
    }

    /** The config names, as a message lists them. */
    public static String names() {
        return "try-catch, used-after or static-read";
    }

    @Override
    public String toString() {
        return configName;
    }
}
