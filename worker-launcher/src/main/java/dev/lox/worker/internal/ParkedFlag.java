package dev.lox.worker.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One int, in a file both JVMs map, that says whether a worker is parked: the parent rings the
 * worker's doorbell (a byte on its stdin, a system call and a thread wake-up in the worker) only
 * then, so a worker that is spinning or busy is not disturbed by every call.
 *
 * <p>No wake-up is lost: the worker sets the flag, then looks at its queue once more before it parks;
 * the parent appends a call, then reads the flag. Both are full fences (volatile accesses on x86 and
 * ARM), so at least one of the two sees the other's write.
 */
final class ParkedFlag implements AutoCloseable {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final FileChannel channel;
    private final MappedByteBuffer buffer;

    private ParkedFlag(FileChannel channel, MappedByteBuffer buffer) {
        this.channel = channel;
        this.buffer = buffer;
    }

    /** Maps (creating if needed) the flag file {@code file}. */
    static ParkedFlag open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            return new ParkedFlag(channel, channel.map(FileChannel.MapMode.READ_WRITE, 0, 64));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    void set(boolean parked) {
        INT.setVolatile(buffer, 0, parked ? 1 : 0);
    }

    /** Read after appending a call: the fence orders the append before this read. */
    boolean isSetAfterAppend() {
        VarHandle.fullFence();
        return (int) INT.getVolatile(buffer, 0) != 0;
    }

    @Override
    public void close() {
        try {
            channel.close(); // the mapping lives until the buffer is collected; the file is deleted with its folder
        } catch (IOException e) {
            // nothing to do
        }
    }
}
