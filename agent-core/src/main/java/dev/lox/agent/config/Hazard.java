package dev.lox.agent.config;

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
    STATIC_READ("static-read"),
    /**
     * The call is made where the agent did not analyse it: in a class it does not rewrite, in JDK
     * code ({@code list.forEach(this::fetch)}), through reflection. The analysis never finds this
     * one; a region or a parallel rule that accepts it lets such calls scatter unchecked, as lox's
     * entry code sees them at run time.
     */
    UNANALYSED("unanalysed");

    private final String configName;

    Hazard(String configName) {
        this.configName = configName;
    }

    /** The name a rule writes to accept the hazard: {@code try-catch}, {@code used-after}, {@code static-read}, {@code unanalysed}. */
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
        return "try-catch, used-after, static-read or unanalysed";
    }

    @Override
    public String toString() {
        return configName;
    }
}
