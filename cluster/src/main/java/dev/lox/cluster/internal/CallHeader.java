package dev.lox.cluster.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a member needs to know of a call before it runs it, written ahead of process mode's call
 * message inside the signed envelope (so it is signed with it): the call's id, its timeout, and the
 * topic the driver hears timeout notices on. Kept out of process mode's protocol, which has no use
 * for them.
 *
 * @param callId the driver's id of the call, which a notice names
 * @param timeoutNanos how long the call may run on the member; 0 for no limit
 * @param notices the Hazelcast topic of the driver's {@link TimeoutNotice}s
 */
record CallHeader(long callId, long timeoutNanos, String notices) {

    /** The header, then {@code call}: the message an envelope of kind {@link Envelope#REQUEST} holds. */
    byte[] before(byte[] call) {
        byte[] topic = notices.getBytes(StandardCharsets.UTF_8); // lox's own name: "lox-notices-" and a UUID
        // One array of the exact length, the call copied once: a call may be 64 MiB.
        return ByteBuffer.allocate(2 * Long.BYTES + Short.BYTES + topic.length + call.length)
                .putLong(callId).putLong(timeoutNanos).putShort((short) topic.length).put(topic).put(call).array();
    }

    /** A request's header and the call message after it. */
    record Read(CallHeader header, byte[] call) {
    }

    /**
     * Reads a request's message (its signature already checked).
     *
     * @throws IllegalStateException if it holds no whole header
     */
    static Read read(byte[] message) {
        ByteBuffer in = ByteBuffer.wrap(message);
        try {
            long id = in.getLong();
            long timeout = in.getLong();
            int length = Short.toUnsignedInt(in.getShort());
            byte[] utf = new byte[length];
            in.get(utf);
            String notices = new String(utf, StandardCharsets.UTF_8);
            return new Read(new CallHeader(id, timeout, notices), Arrays.copyOfRange(message, in.position(), message.length));
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalStateException("a call of " + message.length + " bytes, too short for lox's call header: it was"
                    + " sent by another version of lox, or not by lox");
        }
    }
}
