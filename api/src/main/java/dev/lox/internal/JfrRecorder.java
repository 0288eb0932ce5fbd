package dev.lox.internal;

import jdk.jfr.FlightRecorder;

/**
 * Whether JFR has started in this JVM (a recording was started, from the command line, by
 * {@code jcmd}, or by the program), asked of the one {@code jdk.jfr} class that costs nothing to
 * load. lox's event classes are loaded only after that: loading a {@code jdk.jfr.Event} subclass
 * sets up JFR's metadata (about a hundred classes), which an application that never records must
 * not pay on its first scatter.
 */
final class JfrRecorder {
    private JfrRecorder() {
    }

    static boolean started() {
        return FlightRecorder.isInitialized();
    }
}
