package dev.lox.worker.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.io.SingleThreadedChecked;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * One direction of a worker's transport: a Chronicle queue of length-prefixed messages in a folder
 * both JVMs map. One JVM appends, the other tails. The request queue and the response queue of a
 * worker are two of these.
 *
 * <p>Sizing: Chronicle maps the queue file in blocks and a message must not exceed a quarter of a
 * block (a larger one can crash the JVM), so the block size is four times {@link #maxMessageBytes}
 * and both sides must agree on it (it is not stored in the file). Senders check the limit before
 * they append.
 *
 * <p>A message is its length, a CRC-32C of its bytes, then the bytes. A full disk fails a mapped write
 * partway, with an {@code InternalError} that the JVM may raise a little after the faulting write
 * (it is asynchronous), even once Chronicle has marked the message complete: the unwritten pages then
 * read as zeros. Chronicle never hands a reader a message still marked incomplete (the append rolls
 * an interrupted message back, and a reader waits at an incomplete one), and the checksum catches
 * the rest: {@link #poll} refuses a message whose bytes do not match it, so a partly written call
 * is never decoded, let alone run.
 *
 * <p>Not thread-safe: the owner guards appends with a lock and reads from one thread. Chronicle's own
 * single-thread checks are switched off because the appender is used by whichever thread scatters.
 */
final class MessageQueue implements Transport {
    /** What a message takes besides its bytes: its length and its checksum. */
    static final int FRAME_BYTES = 8;

    private final SingleChronicleQueue queue;
    private final long maxMessageBytes;
    private final CRC32C checksum = new CRC32C();
    private ExcerptAppender appender;
    private ExcerptTailer tailer;

    private MessageQueue(SingleChronicleQueue queue, long maxMessageBytes) {
        this.queue = queue;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Opens (creating if needed) the queue in {@code dir}.
     *
     * @param reader whether this JVM reads it: the reader deletes files of past cycles once it has
     *     moved past them, so a long-lived worker's queue files do not grow without end
     */
    static MessageQueue open(Path dir, long maxMessageBytes, boolean reader) {
        ChronicleSettings.apply();
        SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(dir.toFile())
                .blockSize(blockSizeFor(maxMessageBytes))
                .rollCycle(RollCycles.FIVE_MINUTELY);
        if (reader) {
            builder.storeFileListener(new DeletePastCycles());
        }
        return new MessageQueue(builder.build(), maxMessageBytes);
    }

    /** Chronicle's block size for a largest message: four times it, as Chronicle requires. */
    static long blockSizeFor(long maxMessageBytes) {
        return maxMessageBytes * 4;
    }

    @Override
    public long maxMessageBytes() {
        return maxMessageBytes;
    }

    /** Appends one message made of two parts (a header and a body), without joining them first. */
    @Override
    public void append(byte[] head, int headLength, byte[] body, int bodyLength) {
        int length = headLength + bodyLength;
        if (length > maxMessageBytes) {
            throw new IllegalArgumentException("message of " + length + " bytes exceeds the queue limit of " + maxMessageBytes);
        }
        if (appender == null) {
            appender = queue.createAppender();
            unchecked(appender);
        }
        try (DocumentContext dc = appender.writingDocument()) {
            try {
                checksum.reset();
                checksum.update(head, 0, headLength);
                checksum.update(body, 0, bodyLength);
                Bytes<?> bytes = dc.wire().bytes();
                bytes.writeInt(length);
                bytes.writeInt((int) checksum.getValue());
                bytes.write(head, 0, headLength);
                bytes.write(body, 0, bodyLength);
            } catch (Throwable t) {
                // Not a partial message for the reader, if the mapping still lets Chronicle undo it;
                // the channel that owns this queue never appends to it again either way.
                dc.rollbackOnClose();
                throw t;
            }
        }
    }

    /**
     * Reads the next message into {@code into}, which may be replaced by a larger buffer, and
     * returns its length, or -1 if there is none yet.
     */
    @Override
    public int poll(MessageBuffer into) {
        if (tailer == null) {
            tailer = queue.createTailer();
            unchecked(tailer);
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return -1;
            }
            Bytes<?> bytes = dc.wire().bytes();
            if (bytes.readRemaining() < FRAME_BYTES) {
                throw new IllegalStateException("damaged message in " + queue.file() + ": " + bytes.readRemaining()
                        + " bytes, shorter than its frame of " + FRAME_BYTES);
            }
            int length = bytes.readInt();
            int expected = bytes.readInt();
            if (length < 0 || length > maxMessageBytes || length > bytes.readRemaining()) {
                throw new IllegalStateException("damaged message in " + queue.file() + ": length " + length + ", "
                        + bytes.readRemaining() + " bytes left in it, limit " + maxMessageBytes);
            }
            byte[] array = into.ensure(length);
            bytes.read(array, 0, length);
            checksum.reset();
            checksum.update(array, 0, length);
            if ((int) checksum.getValue() != expected) {
                throw new IllegalStateException("damaged message in " + queue.file() + ": its " + length
                        + " bytes do not match their checksum (a partly written message, or a damaged file)");
            }
            return length;
        }
    }

    private static void unchecked(Object chronicleComponent) {
        if (chronicleComponent instanceof SingleThreadedChecked checked) {
            checked.singleThreadedCheckDisabled(true);
        }
    }

    @Override
    public void close() {
        queue.close();
    }

    /** Deletes a cycle's file once the reader has moved past it; the writer moved on before it did. */
    private static final class DeletePastCycles implements StoreFileListener {
        @Override
        public void onReleased(int cycle, File file) {
            if (file != null && cycle < RollCycles.FIVE_MINUTELY.current(SystemTimeProvider.INSTANCE, 0)) {
                // A mapped file may be deleted on POSIX systems: the mapping stays valid until unmapped.
                file.delete();
            }
        }
    }
}
