package dev.lox.cluster.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The cluster a setting names: {@code local:N} (N member JVMs lox starts on loopback) or a Hazelcast
 * configuration file (YAML or XML; a member's, or a client's, {@code hazelcast-client} root).
 *
 * @param localMembers N for {@code local:N}; 0 for a file
 * @param file the configuration file; null for {@code local:N}
 */
public record ClusterSpec(int localMembers, Path file) {
    /** The most members {@code local:N} starts: each is a JVM on this machine. */
    static final int MAX_LOCAL = 32;

    /**
     * Reads a setting.
     *
     * @param source where it was given, for messages
     * @throws IllegalArgumentException naming the value, where it came from, and the fix
     */
    public static ClusterSpec parse(String value, String source) {
        String v = value.strip();
        if (v.startsWith("local:")) {
            String digits = v.substring("local:".length()).strip();
            int n;
            try {
                n = Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_LOCAL || digits.startsWith("+")) {
                throw new IllegalArgumentException("the cluster \"" + value + "\" (from " + source + ") asks for " + digits
                        + " local members: write local:N with N from 1 to " + MAX_LOCAL + ", as in local:3");
            }
            return new ClusterSpec(n, null);
        }
        Path file = Path.of(v);
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".xml"))) {
            throw new IllegalArgumentException("the cluster \"" + value + "\" (from " + source + ") is neither local:N nor a Hazelcast"
                    + " configuration file (.yaml, .yml or .xml): write local:3 for three members on this machine, or the path of"
                    + " the cluster's hazelcast.yaml");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the cluster configuration " + value + " (from " + source + ") does not exist (looked in "
                    + file.toAbsolutePath() + "): fix the path, or write local:N for N members on this machine");
        }
        return new ClusterSpec(0, file);
    }

    public boolean isLocal() {
        return file == null;
    }

    @Override
    public String toString() {
        return isLocal() ? "local:" + localMembers : file.toString();
    }
}
