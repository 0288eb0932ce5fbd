package dev.lox.worker.internal;

import java.util.List;

/**
 * What a Java version needs so that process mode prints no JVM warning of lox's dependencies.
 *
 * <p>From Java 24 the JVM warns, once per JVM in four lines, the first time code calls a memory
 * method of {@code sun.misc.Unsafe} (JEP 471/498), and the first time code in the unnamed module calls
 * a restricted method such as {@code System.load} (JEP 472). Chronicle Queue is built on
 * {@code Unsafe}. A worker is a JVM lox starts, so it is given the flags that allow both, and prints
 * nothing. The parent is the user's JVM, whose command line lox cannot change: Kryo there is kept off
 * {@code Unsafe} ({@code KryoCodec}), but Chronicle cannot be, so the JVM warns once, and lox says once
 * which flag silences it ({@link #parentNotice}). Java 17 to 23 refuse options they do not know, so
 * nothing is added there.
 */
final class JavaVersionFlags {
    static final String ALLOW_UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    private JavaVersionFlags() {
    }

    /** The flags a worker on Java {@code feature} gets. */
    static List<String> worker(int feature) {
        return feature >= 24 ? List.of(ALLOW_UNSAFE, "--enable-native-access=ALL-UNNAMED") : List.of();
    }

    /**
     * The {@code lox:} line the parent prints before Chronicle first loads, or null when the JVM will
     * not warn: before Java 24, or when the user chose a mode ({@code sun.misc.unsafe.memory.access},
     * which the JVM sets from its {@code --sun-misc-unsafe-memory-access} option).
     */
    static String parentNotice(int feature, String memoryAccessMode) {
        if (feature < 24 || memoryAccessMode != null) {
            return null;
        }
        return "lox: process mode's Chronicle Queue calls sun.misc.Unsafe, so Java " + feature + " prints a WARNING about it"
                + " once; add " + ALLOW_UNSAFE + " to this java command to silence it (lox's worker JVMs get that flag already)";
    }
}
