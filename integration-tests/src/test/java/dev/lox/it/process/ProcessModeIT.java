package dev.lox.it.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.it.Jvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Process mode through the real, shaded agent jar: the sample app {@link ProcessApp} in real JVMs. */
class ProcessModeIT {

    private static Jvm app(String mode) throws Exception {
        // Only the app's classes and the agent jar: lox-api, the launcher, Kryo and Chronicle must all
        // come from the shaded jar, as they do for a user.
        return Jvm.java().agent(null).classPath(testClasses()).main(ProcessApp.class, mode).timeoutSeconds(120);
    }

    static Path testClasses() throws Exception {
        return Paths.get(ProcessApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void portOfLoxTestProcessRunsThroughTheAgentJar() throws Exception {
        Jvm.Result r = app("port").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("call 10"), r::toString);
        assertTrue(r.stdout().contains("gather [13, 28, 45, 64, 85, 108, 133, 160, 189, 220, 253, 288]"), r::toString);
        assertFalse(r.stderr().contains("SLF4J"), "no logging noise: " + r.stderr());
    }

    @Test
    void aConfigRulesCallTimeoutEndsACallThatNeverReturns() throws Exception {
        Path conf = Files.createTempFile("lox-timeout-", ".conf");
        try {
            Files.writeString(conf, "process(1) dev.lox.it.process.ProcessApp#spin callTimeout(1s)\n"
                    + "gather dev.lox.it.process.ProcessApp#spinAll\n");
            Jvm.Result r = Jvm.java().agent(conf.toString()).classPath(testClasses()).main(ProcessApp.class, "timeout")
                    .timeoutSeconds(120).run();
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.stdout().contains("region threw CallTimeoutException timeout PT1S within true"), r::toString);
            assertTrue(r.stdout().contains("past the pool's call timeout of 1.0 s"), r::toString);
        } finally {
            Files.deleteIfExists(conf);
        }
    }

    @Test
    void everydayValueTypesTravelThroughTheShadedKryo() throws Exception {
        Jvm.Result r = app("values").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("values equal true"), r::toString);
    }

    @Test
    void sigkilledWorkerMidBatchFailsOnlyItsCallsAndIsReplaced() throws Exception {
        Jvm.Result r = app("crash").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("gather threw WorkerCrashedException exit 137"), r::toString);
        assertTrue(r.stdout().matches("(?s).*completed [1-9]\\d* crashed [1-9]\\d*.*"), r::toString);
        assertTrue(r.stdout().contains("after 2 workers, victim among them false"), r::toString);
    }

    @Test
    void argumentThatCannotBeSerializedFailsAtScatter() throws Exception {
        Jvm.Result r = app("unserializable").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("scatter threw argument 0 (java.lang.Thread) of ProcessApp.describe"), r::toString);
        assertTrue(r.stdout().contains("scattered 0"), r::toString);
    }

    @Test
    void exceptionsKeepTheirTypes() throws Exception {
        Jvm.Result r = app("exceptions").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("unchecked java.lang.UnsupportedOperationException: no luck at fail"), r::toString);
        assertTrue(r.stdout().contains("checked dev.lox.ScatterException cause java.io.IOException"), r::toString);
    }

    @Test
    void sixtyFourMebibytesWorkAndTooLargeSaysSizeAndLimit() throws Exception {
        Jvm.Result r = app("payload").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("length [67108864]"), r::toString);
        assertTrue(r.stdout().contains("too large: the call of ProcessApp.length is 2097"), r::toString);
        assertTrue(r.stdout().contains("more than the limit of 134217728 bytes"), r::toString);
    }

    @Test
    void withoutTheAgentScatterNamesWhatIsMissing() throws Exception {
        Jvm.Result r = Jvm.java().classPath(testClasses()).classPath(Jvm.AGENT_JAR).main(ProcessApp.class, "port")
                .timeoutSeconds(60).run();
        assertNotEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("-javaagent:lox-agent.jar"), r::toString);
        assertTrue(r.stderr().contains("--add-opens"), r::toString);
    }

    @Test
    void killingTheParentWithSigkillLeavesNoWorkerAndItsFolderIsSweptLater() throws Exception {
        Process parent = app("workers").start();
        List<ProcessHandle> workers = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
            String line = readLine(out, "workers ", parent);
            for (String pid : line.substring("workers ".length()).split(" ")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(workers::add);
            }
            assertEquals(2, workers.size(), line);
            long parentPid = parent.pid();
            assertFalse(queueFolders(parentPid).isEmpty(), "the parent has its queue folder");

            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS));
            long killed = System.nanoTime();
            // onExit() of a process that is not our child is itself detected by polling, late; poll
            // isAlive() instead, within a bound, to see when the workers really went
            long deadline = killed + TimeUnit.SECONDS.toNanos(10);
            while (!workers.stream().allMatch(ProcessModeIT::exited) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            for (ProcessHandle w : workers) {
                assertTrue(exited(w), "worker " + w.pid() + " exited");
            }
            System.out.printf("workers exited %.0f ms after the parent was killed%n", (System.nanoTime() - killed) / 1e6);
            assertFalse(queueFolders(parentPid).isEmpty(), "a killed parent leaves its folder behind");

            Jvm.Result next = app("exceptions").run(); // a new parent starts workers, sweeping first
            assertEquals(0, next.exitCode(), next::toString);
            assertTrue(queueFolders(parentPid).isEmpty(), "the dead parent's folder was swept");
        } finally {
            parent.destroyForcibly();
            workers.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Gone, or a zombie: an orphaned worker that exited stays a zombie until the container's init
     * reaps it, and ProcessHandle calls a zombie alive.
     */
    private static boolean exited(ProcessHandle p) {
        if (!p.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Paths.get("/proc", Long.toString(p.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return !p.isAlive();
        }
    }

    private static String readLine(BufferedReader out, String prefix, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (out.ready() || !p.isAlive()) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            } else {
                Thread.sleep(20); // polling a pipe: bounded by the deadline
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' within 60 s; stderr: "
                + new String(p.getErrorStream().readNBytes(Math.max(0, p.getErrorStream().available()))));
    }

    private static List<Path> queueFolders(long pid) throws Exception {
        try (Stream<Path> s = Files.list(Paths.get(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("lox-" + pid + "-")).toList();
        }
    }

    /**
     * The first JVM's first worker start makes the class-data archive in the owner-only cache (in the
     * background: its own workers start without it); the next JVM's workers load Chronicle and lox
     * from it, as the JVM's class-loading log shows.
     */
    @Test
    void workersOfTheNextJvmStartFromTheClassDataArchiveTheFirstMade(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Jvm.Result first = app("archive").jvmArg("-Djava.io.tmpdir=" + tmp).jvmArg("-Dlox.process.jvmArgs=-Xlog:class+load=info").run();
        assertEquals(0, first.exitCode(), first::toString);
        String line = first.stdout().lines().filter(l -> l.startsWith("archive ")).findFirst().orElse("");
        // the AOT cache from Java 25, AppCDS's dynamic archive before
        String extension = Runtime.version().feature() >= 25 ? "aot" : "jsa";
        assertTrue(line.matches("archive .*/lox-cache-[^/]+/worker-[0-9a-f]{16}-[0-9a-f]{8}\\." + extension), first::toString);
        Path archive = Paths.get(line.substring("archive ".length()));
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive.getParent())));
        assertFalse(first.stdout().contains("WorkerMain source: shared objects file"), "the first JVM's worker started before it was made");

        Jvm.Result second = app("archive").jvmArg("-Djava.io.tmpdir=" + tmp).jvmArg("-Dlox.process.jvmArgs=-Xlog:class+load=info").run();
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.stdout().contains("archive " + archive), "made once: " + second.stdout().lines().filter(l -> l.startsWith("archive")).toList());
        // a dynamic archive's classes are its "top" layer's; the AOT cache is the one (static) archive
        String source = extension.equals("jsa") ? " source: shared objects file (top)" : " source: shared objects file";
        assertTrue(second.stdout().contains("dev.lox.worker.internal.WorkerMain" + source + "\n"), second::toString);
        assertTrue(second.stdout().contains("openhft.chronicle.queue.impl.single.SingleChronicleQueue" + source + "\n"),
                "Chronicle's classes come from the archive");
        assertFalse(second.stderr().contains("cds") || second.stderr().contains("aot"), "no word from the JVM about the archive: " + second.stderr());
        assertFalse(second.stdout().contains("[aot") || second.stdout().contains("[cds"), "nor in the user's stdout: " + second.stdout());
    }

    @Test
    void workerRefusesAFolderOthersCanWriteOrThatItDoesNotOwn() throws Exception {
        Path open = Files.createTempDirectory("lox-it-open");
        Path foreign = Files.createTempDirectory("lox-it-foreign");
        try {
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.createDirectory(open.resolve("w"));
            Jvm.Result r = worker(open).run();
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.stderr().contains("others can write to it: refusing it"), r::toString);

            Optional<java.nio.file.attribute.UserPrincipal> nobody = lookup("nobody");
            if (nobody.isPresent() && !nobody.get().equals(Files.getOwner(foreign))) {
                Files.createDirectory(foreign.resolve("w"));
                Files.setOwner(foreign, nobody.get());
                Jvm.Result f = worker(foreign).run();
                assertEquals(2, f.exitCode(), f::toString);
                assertTrue(f.stderr().contains("is owned by nobody"), f::toString);
            }
        } finally {
            for (Path p : List.of(open.resolve("w"), open, foreign.resolve("w"), foreign)) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * A worker started by hand, on the class path lox gives workers: the process runtime (nested in
     * the agent jar as META-INF/lox/process.jar; the build leaves a copy beside the agent jar), then
     * the agent jar.
     */
    private static Jvm worker(Path folder) {
        return Jvm.java().classPath(Jvm.AGENT_JAR.resolveSibling("lox-process.jar")).classPath(Jvm.AGENT_JAR)
                .main("dev.lox.worker.internal.WorkerMain",
                Long.toString(ProcessHandle.current().pid()), folder.toString(), folder.resolve("w").toString(), "1048576")
                .timeoutSeconds(30);
    }

    private static Optional<java.nio.file.attribute.UserPrincipal> lookup(String name) {
        try {
            return Optional.of(Paths.get("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
