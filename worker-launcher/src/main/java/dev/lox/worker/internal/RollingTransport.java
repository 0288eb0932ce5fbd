package dev.lox.worker.internal;

import java.nio.file.Path;

/**
 * A transport that moves to a fresh queue after every {@link #ROLL_BYTES} written, and deletes each
 * queue as soon as its reader has read it to the end: so the disk holds what is in flight (sent and
 * not yet read) plus at most about {@value #ROLL_BYTES} bytes per direction, instead of the minutes of
 * traffic a queue file of one time cycle collects.
 *
 * <p>Queues are folders {@code <base>-0}, {@code <base>-1}, ... The writer opens the next queue
 * first, then appends an empty message to the current one (no real message is empty: every request
 * and response has a header) and appends to the next one from then on; the reader, on the empty
 * message, closes its queue, deletes its folder and goes on in the next. Both sides keep to the same
 * order, so no message is skipped or read twice.
 *
 * <p>Not thread-safe, as any transport.
 */
final class RollingTransport implements Transport {
    /** Bytes written to one queue before the writer moves to the next: a few a second at full speed. */
    static final long ROLL_BYTES = 64L << 20;
    private static final byte[] NONE = new byte[0];

    /** Opens the queue in a folder. */
    interface Opener {
        Transport open(Path dir);
    }

    private final Path base;
    private final Opener opener;
    private final boolean reader;
    private final long rollBytes;
    private Transport current;
    private int epoch;
    private long written;

    RollingTransport(Path base, Opener opener, boolean reader, long rollBytes) {
        this.base = base;
        this.opener = opener;
        this.reader = reader;
        this.rollBytes = rollBytes;
        this.current = opener.open(dir(0));
    }

    private Path dir(int n) {
        return base.resolveSibling(base.getFileName() + "-" + n);
    }

    @Override
    public void append(byte[] head, int headLength, byte[] body, int bodyLength) {
        if (written >= rollBytes) {
            Transport next = opener.open(dir(epoch + 1));
            current.append(NONE, 0, NONE, 0);
            current.close();
            current = next;
            epoch++;
            written = 0;
        }
        current.append(head, headLength, body, bodyLength);
        written += headLength + bodyLength;
    }

    @Override
    public int poll(MessageBuffer into) {
        while (true) {
            int n = current.poll(into);
            if (n != 0) {
                return n;
            }
            // the writer moved on: this queue is read to its end
            current.close();
            QueueFolder.deleteTree(dir(epoch));
            epoch++;
            current = opener.open(dir(epoch));
        }
    }

    @Override
    public long maxMessageBytes() {
        return current.maxMessageBytes();
    }

    @Override
    public void close() {
        current.close();
    }

    /** The queue in use now, counting from 0; for tests. */
    int epoch() {
        return epoch;
    }

    boolean isReader() {
        return reader;
    }
}
