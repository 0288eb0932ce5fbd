package dev.lox.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code lox: } lines lox-api itself prints on stderr (the agent has its own, {@code AgentLog}):
 * what lox could not do at run time, said once, with the fix.
 */
public final class ApiLog {
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    private ApiLog() {
    }

    /** Says {@code message} once per JVM, however often it comes up. */
    public static void warnOnce(String message) {
        if (SAID.add(message)) {
            System.err.println("lox: " + message);
        }
    }
}
