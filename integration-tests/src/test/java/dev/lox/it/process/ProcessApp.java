package dev.lox.it.process;

import dev.lox.Lox;
import dev.lox.WorkerCrashedException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A sample application run by {@link ProcessModeIT} in a real JVM with {@code -javaagent:lox-agent.jar}:
 * each mode exercises process mode the way a user would and prints what happened, one fact a line.
 */
public final class ProcessApp {
    private ProcessApp() {
    }

    @Lox.Process(2)
    static int multiply(int x, int y) throws InterruptedException {
        Thread.sleep(10);
        return x * y;
    }

    static long pid(long sleepMillis) throws InterruptedException {
        Thread.sleep(sleepMillis);
        return ProcessHandle.current().pid();
    }

    static String describe(Object value) {
        return String.valueOf(value);
    }

    static int fail(String kind) throws Exception {
        if (kind.equals("checked")) {
            throw new java.io.IOException("disk gone");
        }
        throw new UnsupportedOperationException("no " + kind);
    }

    record Order(String id, java.math.BigDecimal amount, java.time.LocalDate due, java.util.List<String> items,
            java.util.Map<String, Integer> counts, java.util.Optional<java.nio.file.Path> file, java.util.UUID ref,
            java.net.URI link, Kind kind, int[] codes) {
    }

    enum Kind { RUSH, NORMAL }

    static Order echo(Order o) {
        return o;
    }

    static int length(byte[] data) {
        return data.length;
    }

    /** Never returns for {@code x >= 0}; the "timeout" case's config rule gives it a call timeout. */
    static void spin(long x) {
        while (x >= 0) {
            Thread.onSpinWait();
        }
    }

    /** A gather region (by the "timeout" case's config rule) whose one call never ends. */
    static void spinAll() {
        spin(1L);
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "port" -> {
                var task = Lox.of(ProcessApp::multiply);
                System.out.println("call " + task.call(2, 5));
                for (int x = 1; x <= 12; x++) {
                    task.scatter(x, x + 12);
                }
                System.out.println("gather " + task.gather());
            }
            case "workers" -> {
                var pid = Lox.process(2).of(ProcessApp::pid);
                for (int i = 0; i < 8; i++) {
                    pid.scatter(20L);
                }
                TreeSet<Long> pids = new TreeSet<>(pid.gather());
                StringBuilder line = new StringBuilder("workers");
                pids.forEach(p -> line.append(' ').append(p));
                System.out.println(line);
                System.out.println("folder " + System.getProperty("java.io.tmpdir"));
                System.out.flush();
                Thread.sleep(TimeUnit.MINUTES.toMillis(5)); // killed by the test
            }
            case "crash" -> {
                var pid = Lox.process(2).of(ProcessApp::pid);
                for (int i = 0; i < 4; i++) {
                    pid.scatter(0L);
                }
                List<Long> warm = new ArrayList<>(new TreeSet<>(pid.gather()));
                List<CompletableFuture<Long>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    calls.add(pid.scatter(300L));
                }
                ProcessHandle.of(warm.get(0)).orElseThrow().destroyForcibly();
                try {
                    pid.gather();
                } catch (WorkerCrashedException e) {
                    System.out.println("gather threw WorkerCrashedException exit " + e.exitCode());
                }
                int ok = 0;
                int crashed = 0;
                for (CompletableFuture<Long> c : calls) {
                    try {
                        c.get(0, TimeUnit.SECONDS);
                        ok++;
                    } catch (ExecutionException e) {
                        crashed += e.getCause() instanceof WorkerCrashedException ? 1 : 0;
                    }
                }
                System.out.println("completed " + ok + " crashed " + crashed);
                for (int i = 0; i < 6; i++) {
                    pid.scatter(0L);
                }
                TreeSet<Long> after = new TreeSet<>(pid.gather());
                System.out.println("after " + after.size() + " workers, victim among them " + after.contains(warm.get(0)));
            }
            case "unserializable" -> {
                var d = Lox.process(1).of(ProcessApp::describe);
                try {
                    d.scatter(new Thread(() -> { }));
                } catch (IllegalArgumentException e) {
                    System.out.println("scatter threw " + e.getMessage());
                }
                System.out.println("scattered " + d.scattered());
            }
            case "exceptions" -> {
                var f = Lox.process(1).of(ProcessApp::fail);
                f.scatter("luck");
                try {
                    f.gather();
                } catch (UnsupportedOperationException e) {
                    System.out.println("unchecked " + e.getClass().getName() + ": " + e.getMessage()
                            + " at " + e.getStackTrace()[0].getMethodName());
                }
                f.scatter("checked");
                try {
                    f.gather();
                } catch (RuntimeException e) {
                    System.out.println("checked " + e.getClass().getName() + " cause " + e.getCause().getClass().getName());
                }
            }
            case "payload" -> {
                var len = Lox.process(1).of(ProcessApp::length);
                len.scatter(new byte[64 << 20]);
                System.out.println("length " + len.gather());
                try {
                    len.scatter(new byte[200 << 20]);
                } catch (IllegalArgumentException e) {
                    System.out.println("too large: " + e.getMessage());
                }
            }
            case "values" -> {
                // the shaded Kryo (relocated under dev.lox.shaded) with everyday value types
                var echo = Lox.process(1).of(ProcessApp::echo);
                Order o = new Order("A-1", new java.math.BigDecimal("12.50"), java.time.LocalDate.of(2024, 2, 29),
                        java.util.List.of("x", "y"), java.util.Map.of("x", 2), java.util.Optional.of(java.nio.file.Path.of("/tmp/o")),
                        java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), java.net.URI.create("https://example.com"),
                        Kind.RUSH, new int[] {1, 2});
                echo.scatter(o);
                Order back = echo.gather().get(0);
                System.out.println("values equal " + (back.id().equals(o.id()) && back.amount().equals(o.amount())
                        && back.due().equals(o.due()) && back.items().equals(o.items()) && back.counts().equals(o.counts())
                        && back.file().equals(o.file()) && back.ref().equals(o.ref()) && back.link().equals(o.link())
                        && back.kind() == o.kind() && java.util.Arrays.equals(back.codes(), o.codes())));
            }
            case "timeout" -> {
                long start = System.nanoTime();
                try {
                    spinAll();
                    System.out.println("the region returned");
                } catch (dev.lox.CallTimeoutException e) {
                    System.out.println("region threw CallTimeoutException timeout " + e.timeout() + " within "
                            + (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) + ": " + e.getMessage());
                }
            }
            case "archive" -> {
                // a call, then wait (bounded) for the class-data archive the first worker start began to make
                // (AppCDS's .jsa before Java 25, the AOT cache's .aot from 25)
                var pid = Lox.process(1).of(ProcessApp::pid);
                pid.scatter(0L);
                System.out.println("worker " + pid.gather().get(0));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
                String made = null;
                while (made == null && System.nanoTime() < deadline) {
                    try (var caches = java.nio.file.Files.newDirectoryStream(tmp, "lox-cache-*")) {
                        for (java.nio.file.Path cache : caches) {
                            try (var archives = java.nio.file.Files.newDirectoryStream(cache, "worker-*.{jsa,aot}")) {
                                for (java.nio.file.Path a : archives) {
                                    made = a.toString();
                                }
                            }
                        }
                    }
                    Thread.sleep(50); // polling a folder: bounded by the deadline
                }
                System.out.println("archive " + made);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("done");
    }
}
