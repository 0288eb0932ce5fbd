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
 * A small file both JVMs of a worker map: whether the worker is parked, and its heartbeat.
 *
 * <p>The parked flag: the parent rings the worker's doorbell (a byte on its stdin, a system call and
 * a thread wake-up in the worker) only when it is set, and clears it as it rings, so a worker that is
 * spinning or busy is not disturbed by every call, nor a parked one rung more than once. No wake-up
 * is lost: the worker sets the flag, then looks at its queue once more before it parks; the parent
 * appends a call, then reads the flag. Both are full fences (volatile accesses on x86 and ARM), so at
 * least one of the two sees the other's write; a call the parent appends after another caller cleared
 * the flag is read by the worker that ring wakes, which drains its queue before it parks again.
 *
 * <p>The heartbeat: a counter a daemon thread of the worker raises every {@value #BEAT_MILLIS} ms.
 * A worker whose counter stands still is stopped as a whole (SIGSTOP, a debugger, a JVM wedged at a
 * safepoint): a busy task does not stop it, so a slow call is never taken for a stopped worker.
 */
final class WorkerStatusPage implements AutoCloseable {
    static final long BEAT_MILLIS = 100;
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int PARKED = 0;
    private static final int BEATS = 8;

    private final FileChannel channel;
    private final MappedByteBuffer buffer;

    private WorkerStatusPage(FileChannel channel, MappedByteBuffer buffer) {
        this.channel = channel;
        this.buffer = buffer;
    }

    /** Maps (creating if needed) the page file {@code file}. */
    static WorkerStatusPage open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            return new WorkerStatusPage(channel, channel.map(FileChannel.MapMode.READ_WRITE, 0, 64));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    void setParked(boolean parked) {
        INT.setVolatile(buffer, PARKED, parked ? 1 : 0);
    }

    /**
     * Called after appending a call: true if the worker is parked and this caller is the first since
     * it parked to see so, and must ring its doorbell. The flag is cleared here, so a park gets one
     * ring however many calls come: a worker that parked and was then stopped (SIGSTOP) would
     * otherwise get a byte a call until its stdin's pipe was full, and every later ring, and so every
     * scatter, would block until the worker was found stalled. One ring is enough: once woken, the
     * worker reads every call in its queue before it sets the flag and parks again. The fence orders
     * the append before the flag is read.
     */
    boolean claimWakeAfterAppend() {
        VarHandle.fullFence();
        return (int) INT.getVolatile(buffer, PARKED) != 0 && INT.compareAndSet(buffer, PARKED, 1, 0);
    }

    /** The worker's heartbeat thread, every {@value #BEAT_MILLIS} ms. */
    void beat() {
        LONG.getAndAdd(buffer, BEATS, 1L);
    }

    /** The worker's beats so far. */
    long beats() {
        return (long) LONG.getVolatile(buffer, BEATS);
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
