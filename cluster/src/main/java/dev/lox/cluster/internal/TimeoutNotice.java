package dev.lox.cluster.internal;

import java.nio.ByteBuffer;

/**
 * A member's word that a call ran past its timeout and was interrupted: the call's id and how long it
 * had run. Sent, signed ({@link Envelope#TIMEOUT}), twice over: on the driver's notice topic the moment
 * the call is interrupted, so that the caller learns of it even if the call never returns (it ignores
 * the interrupt), and in place of the call's result if it does return. The driver takes the first.
 */
record TimeoutNotice(long callId, long elapsedNanos) {
    private static final int BYTES = 2 * Long.BYTES;

    byte[] seal(ClusterSecret secret) {
        return Envelope.seal(secret, Envelope.TIMEOUT, ByteBuffer.allocate(BYTES).putLong(callId).putLong(elapsedNanos).array());
    }

    /**
     * The notice an envelope holds, once its signature is checked.
     *
     * @throws SecurityException as {@link Envelope#open} does, or if it is not a notice's length
     */
    static TimeoutNotice open(ClusterSecret secret, byte[] envelope) {
        byte[] message = Envelope.open(secret, Envelope.TIMEOUT, envelope);
        if (message.length != BYTES) {
            throw new SecurityException("a timeout notice of " + message.length + " bytes, not " + BYTES + ": refused");
        }
        ByteBuffer in = ByteBuffer.wrap(message);
        return new TimeoutNotice(in.getLong(), in.getLong());
    }
}
