package dev.lox.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CallHeaderTest {
    @Test
    void theHeaderAndTheCallAfterItReadBackAsWritten() {
        CallHeader header = new CallHeader(42, 30_000_000_000L, "lox-notices-1b2c");
        byte[] call = "process mode's call message".getBytes(StandardCharsets.UTF_8);
        CallHeader.Read read = CallHeader.read(header.before(call));
        assertEquals(header, read.header());
        assertArrayEquals(call, read.call());
    }

    @Test
    void aMessageWithNoWholeHeaderIsRefused() {
        assertThrows(IllegalStateException.class, () -> CallHeader.read(new byte[12]));
    }

    @Test
    void aTimeoutNoticeOpensWithItsSecretOnly() {
        ClusterSecret secret = ClusterSecret.random();
        byte[] sealed = new TimeoutNotice(7, 1_500_000_000L).seal(secret);
        assertEquals(Envelope.TIMEOUT, Envelope.kind(sealed));
        assertEquals(new TimeoutNotice(7, 1_500_000_000L), TimeoutNotice.open(secret, sealed));
        assertThrows(SecurityException.class, () -> TimeoutNotice.open(ClusterSecret.random(), sealed));
        byte[] result = Envelope.seal(secret, Envelope.RESPONSE, new byte[16]);
        assertThrows(SecurityException.class, () -> TimeoutNotice.open(secret, result), "a result is no notice");
    }
}
