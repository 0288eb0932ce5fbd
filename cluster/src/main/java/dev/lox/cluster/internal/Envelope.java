package dev.lox.cluster.internal;

import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;

/**
 * What travels between the driver and a member: a call or its result, as process mode's call
 * protocol writes it (class, method, descriptor, the Kryo-encoded values), signed. The layout is a
 * kind byte ({@link #REQUEST}, {@link #RESPONSE} or {@link #TIMEOUT}), the HMAC-SHA256 of the kind and the message,
 * then the message. {@link #open} checks the signature before a byte of the message is decoded, so
 * a member never hands Kryo bytes it cannot trust; the kind in the signature keeps a result from
 * being sent back to a member as a call.
 */
public final class Envelope {
    public static final byte REQUEST = 1;
    public static final byte RESPONSE = 2;
    /** A member's {@link TimeoutNotice}: in place of a call's result, or on the driver's notice topic. */
    static final byte TIMEOUT = 3;
    static final int MAC_BYTES = 32;
    private static final int HEADER = 1 + MAC_BYTES;

    private Envelope() {
    }

    /** The length of the envelope a message of {@code messageLength} bytes is sealed in. */
    static long sealedLength(long messageLength) {
        return HEADER + messageLength;
    }

    /** The message in a signed envelope of this kind. */
    public static byte[] seal(ClusterSecret secret, byte kind, byte[] message) {
        Mac mac = secret.mac();
        mac.update(kind);
        mac.update(message);
        byte[] signature = mac.doFinal();
        byte[] envelope = new byte[HEADER + message.length];
        envelope[0] = kind;
        System.arraycopy(signature, 0, envelope, 1, MAC_BYTES);
        System.arraycopy(message, 0, envelope, HEADER, message.length);
        return envelope;
    }

    /**
     * The message of an envelope of this kind, once its signature is checked.
     *
     * @throws SecurityException if the envelope is too short, of another kind, or its signature is
     *     not this secret's over its bytes (forged, unsigned, altered, or signed with another secret)
     */
    public static byte[] open(ClusterSecret secret, byte kind, byte[] envelope) {
        if (envelope == null || envelope.length < HEADER) {
            throw new SecurityException("an envelope of " + (envelope == null ? "no" : envelope.length) + " bytes, too short to be"
                    + " signed (" + HEADER + " bytes at least): refused, nothing decoded");
        }
        if (envelope[0] != kind) {
            throw new SecurityException("an envelope of kind " + envelope[0] + " where a " + name(kind) + " was expected: refused,"
                    + " nothing decoded");
        }
        Mac mac = secret.mac();
        mac.update(kind);
        mac.update(envelope, HEADER, envelope.length - HEADER);
        byte[] expected = mac.doFinal();
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(envelope, 1, HEADER))) {
            throw new SecurityException("a " + name(kind) + " whose HMAC-SHA256 signature does not match (forged, altered, or signed"
                    + " with another secret than the " + secret + "): refused, nothing decoded");
        }
        return Arrays.copyOfRange(envelope, HEADER, envelope.length);
    }

    /** The kind an envelope says it is, unchecked: which {@link #open} to try. */
    static byte kind(byte[] envelope) {
        return envelope == null || envelope.length == 0 ? 0 : envelope[0];
    }

    private static String name(byte kind) {
        return switch (kind) {
            case REQUEST -> "call";
            case RESPONSE -> "result";
            case TIMEOUT -> "timeout notice";
            default -> "kind " + kind;
        };
    }
}
