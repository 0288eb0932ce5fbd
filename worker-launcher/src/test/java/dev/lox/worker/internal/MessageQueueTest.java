package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real Chronicle queue with a message whose append did not finish after complete ones: the reader
 * gets every complete message, then never the partial one. The partial message is written with
 * Chronicle's own appender, as a full disk leaves it: the document still marked incomplete (the
 * append's close never ran), rolled back (the close ran after the fault), or marked complete with
 * its last pages unwritten (the fault surfaced after the close: the JVM raises it asynchronously).
 */
class MessageQueueTest {
    private static final long MAX = 1 << 20;
    /** Polls of an empty queue that show it stays empty: each is a read of the mapped header, no wait. */
    private static final int EMPTY_POLLS = 1000;

    private Path dir;
    private MessageQueue writer;
    private MessageQueue reader;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("lox-mq-");
        writer = MessageQueue.open(dir, MAX, false);
        reader = MessageQueue.open(dir, MAX, true);
    }

    @AfterEach
    void close() {
        writer.close();
        reader.close();
        QueueFolder.deleteTree(dir);
    }

    private static byte[] message(int n, int length) {
        byte[] m = new byte[length];
        Arrays.fill(m, (byte) (n + 1));
        return m;
    }

    private void appendThree() {
        for (int n = 0; n < 3; n++) {
            byte[] m = message(n, 1000);
            writer.append(m, 10, Arrays.copyOfRange(m, 10, m.length), m.length - 10);
        }
    }

    private void assertReadsTheThree(MessageBuffer buffer) {
        for (int n = 0; n < 3; n++) {
            int length = reader.poll(buffer);
            assertEquals(1000, length, "message " + n);
            assertArrayEquals(message(n, 1000), Arrays.copyOf(buffer.array(), length), "message " + n);
        }
    }

    private void assertStaysEmpty(MessageBuffer buffer) {
        for (int i = 0; i < EMPTY_POLLS; i++) {
            assertEquals(-1, reader.poll(buffer), "the partial message is never read, poll " + i);
        }
    }

    /** The first bytes of a 100 kB message, framed as MessageQueue frames it (length, checksum). */
    private static void writePartly(DocumentContext dc, byte[] whole, int written) {
        CRC32C crc = new CRC32C();
        crc.update(whole, 0, whole.length);
        Bytes<?> bytes = dc.wire().bytes();
        bytes.writeInt(whole.length);
        bytes.writeInt((int) crc.getValue());
        bytes.write(whole, 0, written);
    }

    private SingleChronicleQueue sameQueue() {
        return SingleChronicleQueueBuilder.binary(dir.toFile()).blockSize(MessageQueue.blockSizeFor(MAX))
                .rollCycle(RollCycles.FIVE_MINUTELY).build();
    }

    @Test
    void aMessageLeftIncompleteIsNeverReadAndTheOnesBeforeItAre() {
        appendThree();
        SingleChronicleQueue raw = sameQueue();
        ExcerptAppender appender = raw.createAppender();
        DocumentContext dc = appender.writingDocument();
        writePartly(dc, message(9, 100_000), 40_000); // the append's close never runs: still marked incomplete
        MessageBuffer buffer = new MessageBuffer();
        assertReadsTheThree(buffer);
        assertStaysEmpty(buffer);
        dc.rollbackOnClose();
        dc.close();
        raw.close();
    }

    @Test
    void aMessageRolledBackAfterAFaultIsNeverRead() {
        appendThree();
        try (SingleChronicleQueue raw = sameQueue()) {
            ExcerptAppender appender = raw.createAppender();
            try (DocumentContext dc = appender.writingDocument()) {
                writePartly(dc, message(9, 100_000), 40_000);
                dc.rollbackOnClose(); // what MessageQueue.append does when a write throws
            }
        }
        MessageBuffer buffer = new MessageBuffer();
        assertReadsTheThree(buffer);
        assertStaysEmpty(buffer);
    }

    @Test
    void aMessageMarkedCompleteWithUnwrittenBytesIsRefusedAsDamagedNotDecoded() {
        appendThree();
        byte[] whole = message(9, 100_000);
        try (SingleChronicleQueue raw = sameQueue()) {
            ExcerptAppender appender = raw.createAppender();
            try (DocumentContext dc = appender.writingDocument()) {
                writePartly(dc, whole, 40_000);
                dc.wire().bytes().write(new byte[whole.length - 40_000]); // pages that were never written read as zeros
            }
        }
        MessageBuffer buffer = new MessageBuffer();
        assertReadsTheThree(buffer);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> reader.poll(buffer));
        assertTrue(e.getMessage().contains("do not match their checksum") && e.getMessage().contains(dir.toString()),
                e.getMessage());
    }

    @Test
    void aDamagedByteInAWholeMessageIsFound() throws Exception {
        appendThree();
        byte[] whole = message(9, 100_000);
        byte[] damaged = whole.clone();
        damaged[77_777] ^= 1;
        try (SingleChronicleQueue raw = sameQueue()) {
            ExcerptAppender appender = raw.createAppender();
            try (DocumentContext dc = appender.writingDocument()) {
                writePartly(dc, whole, 0);
                dc.wire().bytes().write(damaged);
            }
        }
        MessageBuffer buffer = new MessageBuffer();
        assertReadsTheThree(buffer);
        assertThrows(IllegalStateException.class, () -> reader.poll(buffer));
    }
}
