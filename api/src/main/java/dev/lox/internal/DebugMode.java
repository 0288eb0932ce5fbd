package dev.lox.internal;

import java.util.Locale;

/**
 * lox's debug switch: {@code -Dlox.debug=true} or the environment variable {@code LOX_DEBUG=true}
 * runs every pool inline in the calling thread, so that a debugger or a stack trace shows the
 * caller. The system property wins over the environment.
 */
public final class DebugMode {
    private DebugMode() {
    }

    /** Read when a pool is created, so a test may set the property before its first scatter. */
    public static boolean isOn() {
        String value = System.getProperty("lox.debug");
        if (value == null) {
            value = System.getenv("LOX_DEBUG");
        }
        if (value == null) {
            return false;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on":
                return true;
            default:
                return false;
        }
    }
}
