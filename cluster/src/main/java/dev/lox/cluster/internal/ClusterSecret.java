package dev.lox.cluster.internal;

import dev.lox.internal.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret the driver and every member share, the key of each envelope's HMAC-SHA256. Hazelcast's
 * Community Edition authenticates nobody, and a member decodes (with Kryo, which can run code) what
 * it is sent: the signature is what keeps a stranger who can reach a member's port from running code
 * there.
 *
 * <p>Where it comes from: for {@code local:N}, a random secret of this run, handed to the members in
 * their environment (which other users cannot read); otherwise {@code LOX_CLUSTER_SECRET}, or the file
 * {@code LOX_CLUSTER_SECRET_FILE} (or {@code -Dlox.cluster.secretFile}) names, which must be readable
 * and writable by its owner only. At least {@value #MIN_LENGTH} characters.
 */
public final class ClusterSecret {
    public static final String ENVIRONMENT = "LOX_CLUSTER_SECRET";
    public static final String FILE_ENVIRONMENT = "LOX_CLUSTER_SECRET_FILE";
    public static final String FILE_PROPERTY = "lox.cluster.secretFile";
    static final int MIN_LENGTH = 16;

    private final String text;
    private final String source;
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    private ClusterSecret(String text, String source) {
        this.text = text;
        this.source = source;
        this.key = new SecretKeySpec(text.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** A random secret for one run's {@code local:N} members (256 bits, as hex). */
    public static ClusterSecret random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new ClusterSecret(HexFormat.of().formatHex(bytes), "this run's own random secret");
    }

    /**
     * The secret this JVM is configured with.
     *
     * @throws IllegalStateException saying what is missing or wrong and how to set it
     */
    public static ClusterSecret configured(Map<String, String> environment, String fileProperty) {
        String value = environment.get(ENVIRONMENT);
        if (value != null && !value.isBlank()) {
            return checked(value.strip(), ENVIRONMENT);
        }
        String file = fileProperty != null && !fileProperty.isBlank() ? fileProperty : environment.get(FILE_ENVIRONMENT);
        String fileSource = fileProperty != null && !fileProperty.isBlank() ? "-D" + FILE_PROPERTY : FILE_ENVIRONMENT;
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("no shared secret: a cluster off this machine's loopback needs one, the same on every"
                    + " member and on the driver, to sign every call (Hazelcast's Community Edition authenticates nobody); set "
                    + ENVIRONMENT + " (at least " + MIN_LENGTH + " characters), or " + FILE_ENVIRONMENT + " to a file only its owner"
                    + " can read (chmod 600)");
        }
        return checked(read(Path.of(file.strip()), fileSource), fileSource + "=" + file.strip());
    }

    private static String read(Path file, String source) {
        try {
            String problem = OwnerOnly.problem(file, false);
            if (problem == null && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
                if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                    problem = file + " has permissions " + PosixFilePermissions.toString(perms) + ", so others can read it";
                }
            }
            if (problem != null) {
                throw new IllegalStateException("the cluster secret file (" + source + "): " + problem
                        + "; make it yours and readable by you only (chmod 600)");
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("the cluster secret file (" + source + ") cannot be read: " + e, e);
        }
    }

    private static ClusterSecret checked(String text, String source) {
        if (text.length() < MIN_LENGTH) {
            throw new IllegalStateException("the cluster secret from " + source + " has " + text.length() + " characters, fewer than "
                    + MIN_LENGTH + ": use a long random one, as from openssl rand -hex 32");
        }
        return new ClusterSecret(text, source);
    }

    /** The secret's text, to hand to a member JVM this one starts (in its environment, never on its command line). */
    public String text() {
        return text;
    }

    /** Where it came from, for messages; never the secret itself. */
    public String source() {
        return source;
    }

    /** This thread's HMAC-SHA256 with this key, reset. */
    Mac mac() {
        Mac mac = macs.get();
        mac.reset();
        return mac;
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "cluster secret from " + source;
    }
}
