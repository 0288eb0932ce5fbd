package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rolling queues: every message read once, in order, across rolls; read queues deleted. */
class RollingTransportTest {
    @TempDir
    Path dir;

    @Test
    void messagesCrossRollsInOrderAndReadQueuesAreDeleted() {
        long max = 64 << 10;
        long roll = 256 << 10;
        Path base = dir.resolve("requests");
        RollingTransport writer = new RollingTransport(base, d -> MessageQueue.open(d, max, false), false, roll);
        RollingTransport reader = new RollingTransport(base, d -> MessageQueue.open(d, max, true), true, roll);
        byte[] body = new byte[10_000];
        MessageBuffer buffer = new MessageBuffer();
        try {
            int read = 0;
            for (int i = 0; i < 200; i++) {
                byte[] head = ByteBuffer.allocate(8).putLong(i).array();
                writer.append(head, 8, body, body.length);
                if (i % 3 == 2) { // the reader lags a little behind, as a busy worker does
                    read = readAll(reader, buffer, read);
                }
            }
            read = readAll(reader, buffer, read);
            assertEquals(200, read, "every message read once");
            assertTrue(writer.epoch() >= 7, "about 2 MB at 256 KiB a queue rolled several times: " + writer.epoch());
            assertEquals(writer.epoch(), reader.epoch(), "the reader followed the writer");
            for (int e = 0; e < reader.epoch(); e++) {
                assertFalse(Files.exists(dir.resolve("requests-" + e)), "queue " + e + " was deleted once read");
            }
        } finally {
            writer.close();
            reader.close();
        }
    }

    private static int readAll(RollingTransport reader, MessageBuffer buffer, int read) {
        for (int n; (n = reader.poll(buffer)) >= 0; ) {
            assertEquals(8 + 10_000, n);
            assertEquals(read, ByteBuffer.wrap(buffer.array(), 0, 8).getLong(), "in order");
            read++;
        }
        return read;
    }
}
