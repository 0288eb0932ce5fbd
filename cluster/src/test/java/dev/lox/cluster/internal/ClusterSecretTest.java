package dev.lox.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the shared secret comes from, and what is refused. */
class ClusterSecretTest {
    private static final String GOOD = "0123456789abcdef0123";

    @Test
    void noSecretIsRefusedNamingBothWaysToSetOne() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ClusterSecret.configured(Map.of(), null));
        assertTrue(e.getMessage().contains("LOX_CLUSTER_SECRET") && e.getMessage().contains("LOX_CLUSTER_SECRET_FILE"), e.getMessage());
    }

    @Test
    void aShortSecretIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ClusterSecret.configured(Map.of("LOX_CLUSTER_SECRET", "short"), null));
        assertTrue(e.getMessage().contains("has 5 characters"), e.getMessage());
    }

    @Test
    void theEnvironmentsSecretSignsAsTheSameTextDoesElsewhere() {
        ClusterSecret a = ClusterSecret.configured(Map.of("LOX_CLUSTER_SECRET", GOOD), null);
        assertEquals("LOX_CLUSTER_SECRET", a.source());
        byte[] sealed = Envelope.seal(a, Envelope.REQUEST, new byte[] {1, 2, 3});
        ClusterSecret b = ClusterSecret.configured(Map.of("LOX_CLUSTER_SECRET", " " + GOOD + "\n"), null);
        Envelope.open(b, Envelope.REQUEST, sealed);
    }

    @Test
    void anOwnerOnlyFileIsReadAndAFileOthersCanReadIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, GOOD + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        ClusterSecret fromFile = ClusterSecret.configured(Map.of("LOX_CLUSTER_SECRET_FILE", file.toString()), null);
        assertEquals(GOOD, fromFile.text());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ClusterSecret.configured(Map.of(), file.toString()));
        assertTrue(e.getMessage().contains("others can read it") && e.getMessage().contains("chmod 600"), e.getMessage());
    }
}
