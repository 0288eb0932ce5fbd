package dev.lox.agent.instrument;

import java.nio.charset.StandardCharsets;

/**
 * The cheap pre-filter: does a class file mention one of lox's annotations? A class annotated
 * {@code @Lox.Thread}, {@code @Lox.Virtual}, {@code @Lox.Process}, {@code @Lox.Cluster} or {@code @Lox.Gather} (or with a
 * field marked {@code @Lox.Carried}) holds the annotation's descriptor
 * ({@code Ldev/lox/Lox$Thread;}) in its constant pool, so a byte search over the class file
 * answers without parsing it. A false positive (a class that merely names the annotation) costs
 * one parse; there are no false negatives.
 */
public final class ClassBytes {
    private static final byte[] PREFIX = "Ldev/lox/Lox$".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] SUFFIXES = {
        "Thread;".getBytes(StandardCharsets.US_ASCII),
        "Process;".getBytes(StandardCharsets.US_ASCII),
        "Virtual;".getBytes(StandardCharsets.US_ASCII),
        "Cluster;".getBytes(StandardCharsets.US_ASCII),
        "Gather;".getBytes(StandardCharsets.US_ASCII),
        "Carried;".getBytes(StandardCharsets.US_ASCII),
    };

    private ClassBytes() {
    }

    private static final byte[][] CARRIED = {"Carried;".getBytes(StandardCharsets.US_ASCII)};

    public static boolean mentionsLoxAnnotation(byte[] classFile) {
        return mentions(classFile, SUFFIXES);
    }

    /** Whether the class file names {@code @Lox.Carried}: the same search, for this one annotation. */
    public static boolean mentionsCarried(byte[] classFile) {
        return mentions(classFile, CARRIED);
    }

    private static boolean mentions(byte[] classFile, byte[][] suffixes) {
        int last = classFile.length - PREFIX.length;
        byte first = PREFIX[0];
        for (int i = 0; i <= last; i++) {
            if (classFile[i] != first || !regionMatches(classFile, i, PREFIX)) {
                continue;
            }
            int after = i + PREFIX.length;
            for (byte[] suffix : suffixes) {
                if (regionMatches(classFile, after, suffix)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean regionMatches(byte[] bytes, int offset, byte[] expected) {
        if (offset + expected.length > bytes.length) {
            return false;
        }
        for (int j = 0; j < expected.length; j++) {
            if (bytes[offset + j] != expected[j]) {
                return false;
            }
        }
        return true;
    }
}
