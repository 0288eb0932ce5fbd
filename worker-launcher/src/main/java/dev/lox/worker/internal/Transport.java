package dev.lox.worker.internal;

/**
 * One direction of a worker's connection: an ordered stream of messages, one JVM appending, the
 * other reading. {@link MessageQueue} (a Chronicle queue both JVMs map) is the one lox uses; the
 * rest of the pool does not depend on it, and a test can put a failing one in its place.
 *
 * <p>Any method may throw anything (a full disk surfaces from a memory-mapped append as an
 * {@code InternalError}, a damaged file as an {@code AssertionError}): the {@link WorkerChannel}
 * that owns the transport then counts it as broken and never uses it again.
 *
 * <p>Not thread-safe: one thread appends at a time, one thread reads at a time.
 */
interface Transport extends AutoCloseable {

    /** Appends one message made of two parts (a header and a body), without joining them first. */
    void append(byte[] head, int headLength, byte[] body, int bodyLength);

    /**
     * Reads the next message into {@code into}, which may be replaced by a larger buffer, and returns
     * its length, or -1 if there is none yet.
     */
    int poll(MessageBuffer into);

    /** The largest message this transport takes. */
    long maxMessageBytes();

    @Override
    void close();
}
