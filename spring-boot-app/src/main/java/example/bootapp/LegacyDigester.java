package example.bootapp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * Legacy code, CPU-bound and <strong>not thread-safe</strong>: every block is mixed through one static
 * scratch array and a static accumulator, so two threads digesting at once corrupt each other's
 * results. Worker JVMs, each with its own statics, do not. It returns a completed future so that a
 * plain call to it can be scattered by lox inside a gather region ({@link Batch#digestAll}).
 */
public final class LegacyDigester {
    private static final long[] SCRATCH = new long[4096];
    private static long accumulator;

    private LegacyDigester() {
    }

    public static Future<Digest> digest(int block) {
        accumulator = 0x9E3779B97F4A7C15L ^ block;
        for (int round = 0; round < 400; round++) {
            for (int i = 0; i < SCRATCH.length; i++) {
                accumulator = accumulator * 6364136223846793005L + 1442695040888963407L + i + round;
                SCRATCH[i] = accumulator ^ (accumulator >>> 29);
            }
            for (long v : SCRATCH) {
                accumulator = Long.rotateLeft(accumulator ^ v, 17);
            }
        }
        return CompletableFuture.completedFuture(
                new Digest(block, accumulator, ProcessHandle.current().pid(), Thread.currentThread().getName()));
    }
}
