package dev.lox.worker.bench;

import dev.lox.Lox;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Process mode's fault figures, through the public handle as a user calls it (run with the agent
 * jar): the next call's latency after a worker crash while a warm worker is up; the time to detect a
 * stopped (SIGSTOP) worker with the default settings; the peak disk use of the queue folder while
 * 1 MiB payloads stream through a pool.
 *
 * <p>Arguments: {@code [crash rounds] [stop rounds] [disk seconds]}.
 */
public final class FaultBench {
    private FaultBench() {
    }

    public static int echo(int x) {
        return x + 1;
    }

    public static int sleepMs(int ms) throws InterruptedException {
        Thread.sleep(ms);
        return ms;
    }

    public static int size(byte[] data) {
        return data.length;
    }

    private static List<ProcessHandle> workers() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("dev.lox.worker.internal.WorkerMain")).toList();
    }

    private static void awaitWorkers(int n, dev.lox.Handle1<Integer, Integer> h) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (workers().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(1500); // and up (ready): a worker takes well under a second to be ready
        for (int i = 0; i < 200; i++) {
            h.scatter(i);
        }
        h.gather();
    }

    public static void main(String[] args) throws Exception {
        int crashRounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int stopRounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int diskSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        System.out.println("uptime: " + new String(new ProcessBuilder("uptime").start().getInputStream().readAllBytes()).trim());

        var echo = Lox.process(2).of(FaultBench::echo);
        awaitWorkers(2, echo);
        double[] after = new double[crashRounds];
        for (int r = 0; r < crashRounds; r++) {
            List<ProcessHandle> w = workers();
            ProcessHandle victim = w.get(r % w.size());
            victim.destroyForcibly();
            victim.onExit().get(10, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            echo.scatter(r);
            echo.gather(Duration.ofSeconds(30));
            after[r] = (System.nanoTime() - t0) / 1e6;
            awaitWorkers(2, echo);
        }
        Arrays.sort(after);
        System.out.printf(Locale.ROOT, "next call after a crash, warm worker up: median %.2f ms, max %.2f ms (%d rounds)%n",
                after[crashRounds / 2], after[crashRounds - 1], crashRounds);

        var sleeper = Lox.process(1).of(FaultBench::sleepMs);
        sleeper.scatter(1);
        sleeper.gather();
        double[] detect = new double[stopRounds];
        for (int r = 0; r < stopRounds; r++) {
            List<ProcessHandle> w = workers().stream().filter(p -> !p.equals(ProcessHandle.current())).toList();
            sleeper.scatter(300);
            Thread.sleep(50);
            // the sleeper's worker: the newest child (the echo pool's are older)
            ProcessHandle victim = w.stream().max((a, b) -> a.info().startInstant().get().compareTo(b.info().startInstant().get())).get();
            long t0 = System.nanoTime();
            new ProcessBuilder("kill", "-STOP", Long.toString(victim.pid())).start().waitFor();
            try {
                sleeper.gather(Duration.ofSeconds(30));
                detect[r] = -1;
            } catch (RuntimeException e) {
                detect[r] = (System.nanoTime() - t0) / 1e6;
                System.out.println("  stopped worker: " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            } catch (java.util.concurrent.TimeoutException e) {
                detect[r] = Double.POSITIVE_INFINITY;
                System.out.println("  stopped worker not detected within 30 s");
                new ProcessBuilder("kill", "-CONT", Long.toString(victim.pid())).start().waitFor();
                sleeper.gather();
            }
            Thread.sleep(1500);
            sleeper.scatter(1);
            sleeper.gather(Duration.ofSeconds(30));
        }
        System.out.println("time to detect a stopped worker (default settings), ms: " + Arrays.toString(detect));

        var sizer = Lox.process(2).of(FaultBench::size);
        byte[] mib = new byte[1 << 20];
        sizer.scatter(mib);
        sizer.gather();
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    long kib = 0;
                    try (DirectoryStream<Path> d = Files.newDirectoryStream(tmp, "lox-" + ProcessHandle.current().pid() + "-*")) {
                        for (Path p : d) {
                            Process du = new ProcessBuilder("du", "-sk", p.toString()).start();
                            String out = new String(du.getInputStream().readAllBytes()).trim();
                            du.waitFor();
                            if (!out.isEmpty()) {
                                kib += Long.parseLong(out.split("\\s+")[0]);
                            }
                        }
                    }
                    long k = kib;
                    peak.accumulateAndGet(k, Math::max);
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    // a file vanished mid-walk: sample again
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(diskSeconds);
        long sent = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() < end) {
            for (int i = 0; i < 16; i++) {
                sizer.scatter(mib);
            }
            sizer.gather();
            sent += 16;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        sampler.interrupt();
        sampler.join();
        System.out.printf(Locale.ROOT, "disk: %d calls of 1 MiB in %.0f s (%.0f MiB/s, 16 in flight), peak queue folder %.1f MiB%n",
                sent, secs, sent / secs, peak.get() / 1024.0);
        System.out.println("uptime: " + new String(new ProcessBuilder("uptime").start().getInputStream().readAllBytes()).trim());
        System.exit(0);
    }
}
