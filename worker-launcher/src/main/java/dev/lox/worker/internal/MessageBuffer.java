package dev.lox.worker.internal;

/** A reusable byte array for reading messages, that grows for a large message and shrinks back after it. */
final class MessageBuffer {
    private static final int KEEP = 1 << 20;
    private byte[] array = new byte[4096];

    byte[] ensure(int length) {
        if (array.length < length) {
            array = new byte[Math.max(length, array.length * 2)];
        }
        return array;
    }

    byte[] array() {
        return array;
    }

    /** Lets a large message's array go, so one 64 MiB call does not pin 64 MiB for good. */
    void trim() {
        if (array.length > KEEP) {
            array = new byte[4096];
        }
    }
}
