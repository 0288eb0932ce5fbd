package dev.lox.worker;

import java.lang.instrument.Instrumentation;

/**
 * Opens the JDK internals that Chronicle Queue and Kryo need (java.base, sun.misc) to the
 * application's unnamed module, so that users pass no {@code --add-opens} flags. The agent's premain
 * calls {@link #open(Instrumentation)}; worker JVMs get the same access as command-line flags.
 */
public final class JdkAccess {
    private JdkAccess() {
    }

    /** Opens what process mode needs. Never throws for a JDK that lacks a package. */
    public static void open(Instrumentation instrumentation) {
        // filled in by the process-mode work
    }
}
