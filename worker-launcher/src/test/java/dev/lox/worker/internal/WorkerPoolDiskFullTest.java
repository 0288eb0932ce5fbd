package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * folder, the free space, the size needed and the fix, whether the pool sees the disk full before the
 * append or the append faults partway; the calls before it get their own results; the pool works
 * again once space returns.
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

    /** A test body run with the queue folder on a fresh tmpfs of {@code size}. */
    private interface OnTmpfs {
        void run(Path mount) throws Exception;
    }

    private static void onTmpfs(String size, OnTmpfs test) throws Exception {
        Path mount = Files.createTempDirectory("lox-tmpfs-");
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", mount.toString());
        if (!mounted) {
            System.out.println("WorkerPoolDiskFullTest skipped: cannot mount a tmpfs (needs root)");
            Files.deleteIfExists(mount);
        }
        assumeTrue(mounted, "cannot mount a tmpfs (needs root)");
        String before = System.getProperty("lox.process.queueFolder");
        try {
            System.setProperty("lox.process.queueFolder", mount.toString());
            QueueFolder.deleteTree(ProcessRuntime.folder()); // the next start makes the JVM's folder on the tmpfs
            test.run(mount);
        } finally {
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

    @Test
    void aCallThatDoesNotFitFailsAtScatterSayingWhereHowMuchAndWhatToDo() throws Exception {
        onTmpfs("24m", mount -> {
            WorkerPool pool = new WorkerPool("disk-full", 1, PoolSettings.defaults().withMaxMessageBytes(4 << 20));
            try {
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
                assertNamesTheFolderTheSpaceAndTheFix(full.getMessage(), mount);
                for (int i = 0; i < calls.size(); i++) {
                    assertEquals((long) mib.length + i, calls.get(i).get(BOUND_SECONDS, TimeUnit.SECONDS), "call " + i + ", before the disk filled");
                }
                Files.delete(filler); // space returns
                assertEquals((long) mib.length + 99, pool.submit(LENGTH, new Object[] {mib, 99L}).get(BOUND_SECONDS, TimeUnit.SECONDS),
                        "the pool works again");
            } finally {
                pool.close();
            }
        });
    }

    private static void assertNamesTheFolderTheSpaceAndTheFix(String m, Path mount) {
        System.out.println("disk full at scatter: " + m);
        assertTrue(m.contains(mount.toString()) && m.contains("MiB free") && m.contains("needed")
                && m.contains("-Dlox.process.queueFolder") && m.contains("java.io.tmpdir"), m);
    }

    /** Waits (bounded) for {@code gate} to exist, then returns the length of {@code data} plus {@code tag}. */
    static long lengthOnceOpen(String gate, byte[] data, long tag) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!Files.exists(Path.of(gate)) && System.nanoTime() < deadline) {
            Thread.sleep(5); // the test's gate, in the worker: no lox wait
        }
        return data.length + tag;
    }

    private static final MethodRef GATED = new MethodRef(WorkerPoolDiskFullTest.class.getName(), "lengthOnceOpen",
            "(Ljava/lang/String;[BJ)J", true);

    /**
     * The disk fills after the pool last asked for its free space (another program writes there): the
     * next append faults partway (SIGBUS, an InternalError). Only that call fails, at scatter, saying
     * why; the calls the worker held (one running, the rest queued before the failed message) end with
     * their own results once space returns; the worker is replaced and the pool serves again.
     */
    @Test
    void aDiskThatFillsBetweenTheCheckAndTheAppendFailsOnlyTheCallBeingAppended() throws Exception {
        onTmpfs("24m", mount -> {
            WorkerPool pool = new WorkerPool("disk-fills", 1, PoolSettings.defaults().withMaxMessageBytes(4 << 20));
            Path gate = Files.createTempDirectory("lox-gate-").resolve("open");
            try {
                // up first, and the free space asked: about 20 MiB, so the next few MiB are not asked again
                assertEquals(1L, pool.submit(LENGTH, new Object[] {new byte[0], 1L}).get(BOUND_SECONDS, TimeUnit.SECONDS));
                long before = pool.workerPids().get(0);
                int held = 3;
                List<CompletableFuture<Object>> calls = new ArrayList<>();
                for (long i = 0; i < held; i++) {
                    calls.add(pool.submit(GATED, new Object[] {gate.toString(), new byte[10], i}));
                }
                Path filler = mount.resolve("filler");
                try (var out = Files.newOutputStream(filler)) { // another program fills the disk
                    byte[] chunk = new byte[64 << 10];
                    while (true) {
                        out.write(chunk);
                    }
                } catch (java.io.IOException full) {
                    // no space left on the device
                }
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> pool.submit(LENGTH, new Object[] {new byte[1 << 20], 7L}));
                System.out.println("append faulted at scatter: " + e.getMessage());
                assertTrue(e.getMessage().contains("was not sent") && e.getMessage().contains("answers the " + held + " it holds"),
                        e.getMessage());
                assertNamesTheFolderTheSpaceAndTheFix(e.getMessage(), mount);
                CompletableFuture<Object> meanwhile = pool.submit(LENGTH, new Object[] {new byte[5], 0L}); // waits for the replacement
                Files.delete(filler); // space returns
                Files.createFile(gate);
                for (int i = 0; i < held; i++) {
                    assertEquals(10L + i, calls.get(i).get(BOUND_SECONDS, TimeUnit.SECONDS), "held call " + i + " got its own result");
                }
                assertEquals(5L, meanwhile.get(BOUND_SECONDS, TimeUnit.SECONDS), "the call scattered meanwhile ran on the replacement");
                assertEquals((long) (1 << 20) + 99, pool.submit(LENGTH, new Object[] {new byte[1 << 20], 99L})
                        .get(BOUND_SECONDS, TimeUnit.SECONDS), "the pool works again");
                assertNotEquals(before, (long) pool.workerPids().get(0), "the worker whose append faulted was replaced");
            } finally {
                pool.close();
                Files.deleteIfExists(gate);
                Files.deleteIfExists(gate.getParent());
            }
        });
    }
}
