package dev.lox.worker.internal;

import java.nio.file.Path;

/** How both sides open a worker's queues: the same rolling queues over the same folders, one place. */
final class Channels {
    private Channels() {
    }

    /** One direction of a worker's connection, in folders {@code <dir>-0}, {@code <dir>-1}, ... */
    static Transport open(WorkerPool.Transports transports, Path dir, long maxMessageBytes, boolean reader) {
        return new RollingTransport(dir, d -> transports.open(d, maxMessageBytes, reader), reader, RollingTransport.ROLL_BYTES);
    }
}
