package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lox.spi.MethodRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real full file system: a small tmpfs as the queue folder (needs root to mount; skipped with the
 * reason printed otherwise). The call that does not fit fails at scatter with a message naming the
 * folder, the free space, the size needed and the fix; the calls before it get their own results;
 * the pool works again once space returns.
 */
class WorkerPoolDiskFullTest {
    private static final long BOUND_SECONDS = 60;
    private static final MethodRef LENGTH = new MethodRef(WorkerPoolDiskFullTest.class.getName(), "length", "([BJ)J", true);

    static long length(byte[] data, long tag) {
        return data.length + tag;
    }

    private static boolean run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        boolean ok = p.waitFor(BOUND_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (!ok) {
            System.out.println(String.join(" ", cmd) + ": " + out.trim());
        }
        return ok;
    }

    @Test
    void aCallThatDoesNotFitFailsAtScatterSayingWhereHowMuchAndWhatToDo() throws Exception {
        Path mount = Files.createTempDirectory("lox-tmpfs-");
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", mount.toString());
        if (!mounted) {
            System.out.println("WorkerPoolDiskFullTest skipped: cannot mount a tmpfs (needs root)");
            Files.deleteIfExists(mount);
        }
        assumeTrue(mounted, "cannot mount a tmpfs (needs root)");
        String before = System.getProperty("lox.process.queueFolder");
        WorkerPool pool = null;
        try {
            System.setProperty("lox.process.queueFolder", mount.toString());
            QueueFolder.deleteTree(ProcessRuntime.folder()); // the next start makes the JVM's folder on the tmpfs
            pool = new WorkerPool("disk-full", 1, PoolSettings.defaults().withMaxMessageBytes(4 << 20));
            Path filler = mount.resolve("filler");
            Files.write(filler, new byte[6 << 20]);
            byte[] mib = new byte[1 << 20];
            // up first: a call that waits for a worker is sent later, and would fail through its future
            assertEquals(1L, pool.submit(LENGTH, new Object[] {new byte[0], 1L}).get(BOUND_SECONDS, TimeUnit.SECONDS));
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            IllegalStateException full = null;
            for (int i = 0; i < 40 && full == null; i++) {
                try {
                    calls.add(pool.submit(LENGTH, new Object[] {mib, (long) i}));
                } catch (IllegalStateException e) {
                    full = e;
                }
            }
            assertTrue(full != null, "24 MiB cannot hold 40 calls of 1 MiB");
            String m = full.getMessage();
            System.out.println("disk full at scatter: " + m);
            assertTrue(m.contains(mount.toString()) && m.contains("MiB free") && m.contains("needed")
                    && m.contains("-Dlox.process.queueFolder") && m.contains("java.io.tmpdir"), m);
            for (int i = 0; i < calls.size(); i++) {
                assertEquals((long) mib.length + i, calls.get(i).get(BOUND_SECONDS, TimeUnit.SECONDS), "call " + i + ", before the disk filled");
            }
            Files.delete(filler); // space returns
            assertEquals((long) mib.length + 99, pool.submit(LENGTH, new Object[] {mib, 99L}).get(BOUND_SECONDS, TimeUnit.SECONDS),
                    "the pool works again");
        } finally {
            if (pool != null) {
                pool.close();
            }
            if (before == null) {
                System.clearProperty("lox.process.queueFolder");
            } else {
                System.setProperty("lox.process.queueFolder", before);
            }
            QueueFolder.deleteTree(ProcessRuntime.folder());
            // lazily: the parent's unmapped queue pages are let go by the garbage collector, later
            if (run("umount", "-l", mount.toString())) {
                Files.deleteIfExists(mount);
            }
        }
    }
}
