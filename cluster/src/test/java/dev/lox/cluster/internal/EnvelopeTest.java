package dev.lox.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** An envelope opens with its own secret and kind only; every other one is refused before its bytes are read. */
class EnvelopeTest {
    private static final ClusterSecret SECRET = ClusterSecret.random();
    private static final byte[] MESSAGE = "a call's bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSealedMessageOpensWithItsSecret() {
        assertArrayEquals(MESSAGE, Envelope.open(SECRET, Envelope.REQUEST, Envelope.seal(SECRET, Envelope.REQUEST, MESSAGE)));
    }

    @Test
    void anotherSecretsEnvelopeIsRefused() {
        byte[] forged = Envelope.seal(ClusterSecret.random(), Envelope.REQUEST, MESSAGE);
        SecurityException e = assertThrows(SecurityException.class, () -> Envelope.open(SECRET, Envelope.REQUEST, forged));
        assertTrue(e.getMessage().contains("signature does not match"), e.getMessage());
    }

    @Test
    void anAlteredByteIsRefused() {
        byte[] envelope = Envelope.seal(SECRET, Envelope.REQUEST, MESSAGE);
        for (int i = 0; i < envelope.length; i++) {
            byte[] altered = envelope.clone();
            altered[i] ^= 1;
            assertThrows(SecurityException.class, () -> Envelope.open(SECRET, Envelope.REQUEST, altered), "byte " + i);
        }
    }

    @Test
    void anUnsignedOrShortMessageIsRefused() {
        assertThrows(SecurityException.class, () -> Envelope.open(SECRET, Envelope.REQUEST, MESSAGE));
        assertThrows(SecurityException.class, () -> Envelope.open(SECRET, Envelope.REQUEST, new byte[0]));
        assertThrows(SecurityException.class, () -> Envelope.open(SECRET, Envelope.REQUEST, null));
        byte[] zeros = new byte[40];
        zeros[0] = Envelope.REQUEST;
        assertThrows(SecurityException.class, () -> Envelope.open(SECRET, Envelope.REQUEST, zeros));
    }

    /** A member's signed result cannot be sent back to a member as a call. */
    @Test
    void aResultIsNoCall() {
        byte[] result = Envelope.seal(SECRET, Envelope.RESPONSE, MESSAGE);
        assertThrows(SecurityException.class, () -> Envelope.open(SECRET, Envelope.REQUEST, result));
        byte[] relabelled = Arrays.copyOf(result, result.length);
        relabelled[0] = Envelope.REQUEST;
        assertThrows(SecurityException.class, () -> Envelope.open(SECRET, Envelope.REQUEST, relabelled));
    }
}
