package dev.lox.worker.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the file system of a worker's queues has room for the next message. Appending to a
 * memory-mapped queue on a full file system does not fail cleanly (SIGBUS, surfacing as an
 * {@code InternalError}, after part of the message was written), so the room is checked before.
 *
 * <p>Asking the file system costs a system call, so it is asked only when what was written since
 * the last answer could have used up half of the space it reported: a stream of small calls on a
 * roomy disk asks rarely, a large call or a nearly full disk on every call. Guarded by the owner.
 */
final class DiskSpace {
    /** What Chronicle may write besides the message: an index page, a new cycle's header. */
    static final long MARGIN = 1L << 20;

    private final Path folder;
    private final FileStore store;
    private long knownFree;
    private long writtenSince;

    DiskSpace(Path folder) throws IOException {
        this.folder = folder;
        this.store = Files.getFileStore(folder);
        this.knownFree = -1;
    }

    /**
     * Throws unless {@code bytes} more fit; {@code what} names the message for the error (made only
     * then: a stream of small calls must not build a sentence each).
     *
     * @throws QueueFolderFullException naming the folder, the free space, the size needed and the fix
     */
    void reserve(long bytes, java.util.function.Supplier<String> what) {
        long needed = bytes + MARGIN;
        if (knownFree < 0 || writtenSince + needed > knownFree / 2) {
            try {
                knownFree = store.getUsableSpace();
            } catch (IOException e) {
                knownFree = Long.MAX_VALUE; // cannot tell: let the append find out
            }
            writtenSince = 0;
            if (knownFree < needed) {
                throw new QueueFolderFullException(describe(folder, knownFree, needed, what.get()));
            }
        }
        writtenSince += bytes;
    }

    static String describe(Path folder, long free, long needed, String what) {
        return "no room for " + what + " in lox's queue folder " + folder + ": " + mib(free) + " free (" + free + " bytes), "
                + mib(needed) + " needed (" + needed + " bytes, with room for the queue's own records); nothing was sent. Free space there, or put the queues on a larger file system with"
                + " -Dlox.process.queueFolder=<dir> (default: java.io.tmpdir)";
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }

    /** The queue folder's file system has no room for a message; nothing was written. */
    static final class QueueFolderFullException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        QueueFolderFullException(String message) {
            super(message);
        }
    }
}
