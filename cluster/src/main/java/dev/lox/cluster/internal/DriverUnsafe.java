package dev.lox.cluster.internal;

import dev.lox.internal.ApiLog;

/**
 * Java 24+ prints a four-line WARNING the first time code calls a memory method of
 * {@code sun.misc.Unsafe}, and Hazelcast's client does (its {@code UnsafeUtil}, whatever
 * {@code hazelcast.unsafe.mode} says, in 5.7). Members are JVMs lox starts, and get
 * {@code --sun-misc-unsafe-memory-access=allow}; the driver is the user's JVM, whose flags lox
 * cannot set, so lox says once, before the warning, which flag silences it.
 */
final class DriverUnsafe {
    static final String ALLOW_UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    private DriverUnsafe() {
    }

    /** Says once, on Java 24+ without a chosen mode, that the JVM is about to warn and how to silence it. */
    static void noticeBeforeTheClient() {
        String notice = notice(Runtime.version().feature(), System.getProperty("sun.misc.unsafe.memory.access"));
        if (notice != null) {
            ApiLog.warnOnce(notice);
        }
    }

    /** The notice, or null where the JVM will not warn: before Java 24, or when the user chose a mode. */
    static String notice(int feature, String memoryAccessMode) {
        if (feature < 24 || memoryAccessMode != null) {
            return null;
        }
        return "cluster mode's Hazelcast client calls sun.misc.Unsafe, so Java " + feature + " prints a WARNING about it once;"
                + " add " + ALLOW_UNSAFE + " to this java command to silence it (lox's member JVMs get that flag already)";
    }
}
