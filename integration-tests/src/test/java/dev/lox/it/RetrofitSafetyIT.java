package dev.lox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three ways the issue found a retrofit silently changing a program, and the loop in a private
 * helper: apps that have never heard of lox (compiled here, no lox on their class path), each run
 * plain, with the agent and a config file (the same result, and the hazard named with the line that
 * accepts it), and with that line (the call scatters, and what changes is what the agent said).
 *
 * <p>Each parallel call waits, bounded by the app's argument, until all four calls have started:
 * run one by one it waits out the bound (kept short), scattered they pass together.
 */
class RetrofitSafetyIT {
    private static final String PACKAGE = "example.retrofit";

    /** Reads the item's output, which the call sets, right after each call. */
    private static final String READ_AFTER = """
            package example.retrofit;

            import java.util.ArrayList;
            import java.util.List;
            import java.util.concurrent.CountDownLatch;
            import java.util.concurrent.TimeUnit;

            public class ReadAfter {
                static final class Item {
                    final String name;
                    String output;

                    Item(String name) {
                        this.name = name;
                    }
                }

                final CountDownLatch started = new CountDownLatch(4);
                final long waitMillis;

                ReadAfter(long waitMillis) {
                    this.waitMillis = waitMillis;
                }

                public void render(Item item) throws InterruptedException {
                    started.countDown();
                    started.await(waitMillis, TimeUnit.MILLISECONDS);
                    item.output = item.name + ".png";
                }

                public List<String> renderAll(List<Item> items) throws InterruptedException {
                    List<String> outputs = new ArrayList<>();
                    for (Item item : items) {
                        render(item);
                        outputs.add(item.output);
                    }
                    return outputs;
                }

                public static void main(String[] args) throws Exception {
                    List<Item> items = List.of(new Item("a"), new Item("b"), new Item("c"), new Item("d"));
                    System.out.println("outputs=" + new ReadAfter(Long.parseLong(args[0])).renderAll(items));
                    System.out.println("caller=" + Thread.currentThread().getName());
                }
            }
            """;

    /** Catches each item's failure and counts it. */
    private static final String SKIP_FAILURES = """
            package example.retrofit;

            import java.util.List;
            import java.util.concurrent.CountDownLatch;
            import java.util.concurrent.TimeUnit;

            public class SkipFailures {
                final CountDownLatch started = new CountDownLatch(4);
                final long waitMillis;

                SkipFailures(long waitMillis) {
                    this.waitMillis = waitMillis;
                }

                public void check(String item) throws InterruptedException {
                    started.countDown();
                    started.await(waitMillis, TimeUnit.MILLISECONDS);
                    if (item.startsWith("bad")) {
                        throw new IllegalArgumentException(item);
                    }
                }

                public int checkAll(List<String> items) throws InterruptedException {
                    int failed = 0;
                    for (String item : items) {
                        try {
                            check(item);
                        } catch (IllegalArgumentException e) {
                            failed++;
                        }
                    }
                    return failed;
                }

                public static void main(String[] args) throws Exception {
                    try {
                        System.out.println("failed=" + new SkipFailures(Long.parseLong(args[0]))
                                .checkAll(List.of("a", "bad1", "b", "bad2")));
                    } catch (RuntimeException e) {
                        System.out.println("thrown=" + e);
                    }
                }
            }
            """;

    /**
     * Writes files into a folder, then seals the folder's time. A write waits (bounded) for the seal
     * before it writes: run one by one it never sees one; scattered, the seal runs first, as the
     * issue saw it, and the writes undo it.
     */
    private static final String SEAL_FOLDER = """
            package example.retrofit;

            import java.io.File;
            import java.io.IOException;
            import java.nio.file.Files;
            import java.util.List;

            public class SealFolder {
                static final long SEALED = 1_000_000_000_000L;
                final long waitMillis;

                SealFolder(long waitMillis) {
                    this.waitMillis = waitMillis;
                }

                public void write(File folder, String name) throws IOException, InterruptedException {
                    long deadline = System.nanoTime() + waitMillis * 1_000_000L;
                    while (folder.lastModified() != SEALED && System.nanoTime() < deadline) {
                        Thread.sleep(1);
                    }
                    Files.writeString(new File(folder, name).toPath(), name);
                }

                public void export(File folder, List<String> names) throws IOException, InterruptedException {
                    for (String name : names) {
                        write(folder, name);
                    }
                    folder.setLastModified(SEALED);
                }

                public static void main(String[] args) throws Exception {
                    File folder = new File(args[1]);
                    new SealFolder(Long.parseLong(args[0])).export(folder, List.of("a", "b", "c", "d"));
                    System.out.println("sealed=" + (folder.lastModified() == SEALED));
                    System.out.println("files=" + folder.list().length);
                }
            }
            """;

    /** The loop in a private helper, which the region calls inside a try. */
    private static final String HELPER = """
            package example.retrofit;

            import java.util.List;
            import java.util.concurrent.CountDownLatch;
            import java.util.concurrent.TimeUnit;

            public class Helper {
                final CountDownLatch started = new CountDownLatch(4);
                final long waitMillis;

                Helper(long waitMillis) {
                    this.waitMillis = waitMillis;
                }

                public void check(String item) throws InterruptedException {
                    started.countDown();
                    started.await(waitMillis, TimeUnit.MILLISECONDS);
                    if (item.startsWith("bad")) {
                        throw new IllegalArgumentException(item);
                    }
                }

                public String run(List<String> items) throws InterruptedException {
                    try {
                        checkAll(items);
                        return "all good";
                    } catch (IllegalArgumentException e) {
                        return "rejected " + e.getMessage();
                    }
                }

                private void checkAll(List<String> items) throws InterruptedException {
                    for (String item : items) {
                        check(item);
                    }
                }

                public static void main(String[] args) throws Exception {
                    try {
                        System.out.println("result=" + new Helper(Long.parseLong(args[0])).run(List.of("a", "bad1", "b", "c")));
                    } catch (RuntimeException e) {
                        System.out.println("thrown=" + e);
                    }
                }
            }
            """;

    /** Reads, after each call, a static field of the called method's class, which the call updates. */
    private static final String STATIC_READ = """
            package example.retrofit;

            import java.util.ArrayList;
            import java.util.List;
            import java.util.concurrent.CountDownLatch;
            import java.util.concurrent.TimeUnit;

            public class StaticRead {
                static volatile int done;

                final CountDownLatch started = new CountDownLatch(4);
                final long waitMillis;

                StaticRead(long waitMillis) {
                    this.waitMillis = waitMillis;
                }

                public void count(String item) throws InterruptedException {
                    started.countDown();
                    started.await(waitMillis, TimeUnit.MILLISECONDS);
                    synchronized (StaticRead.class) {
                        done++;
                    }
                }

                public List<Integer> countAll(List<String> items) throws InterruptedException {
                    List<Integer> seen = new ArrayList<>();
                    for (String item : items) {
                        count(item);
                        seen.add(done);
                    }
                    return seen;
                }

                public static void main(String[] args) throws Exception {
                    System.out.println("seen=" + new StaticRead(Long.parseLong(args[0])).countAll(List.of("a", "b", "c", "d")));
                }
            }
            """;

    /** The loop is JDK code: forEach calls the method through a method reference, where the agent cannot look. */
    private static final String UNANALYSED = """
            package example.retrofit;

            import java.util.List;
            import java.util.concurrent.CountDownLatch;
            import java.util.concurrent.TimeUnit;
            import java.util.concurrent.atomic.AtomicInteger;

            public class Unanalysed {
                final CountDownLatch started = new CountDownLatch(4);
                final AtomicInteger together = new AtomicInteger();
                final long waitMillis;

                Unanalysed(long waitMillis) {
                    this.waitMillis = waitMillis;
                }

                public void render(String item) {
                    started.countDown();
                    try {
                        if (started.await(waitMillis, TimeUnit.MILLISECONDS)) {
                            together.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                public void renderAll(List<String> items) {
                    items.forEach(this::render);
                }

                public static void main(String[] args) throws Exception {
                    Unanalysed app = new Unanalysed(Long.parseLong(args[0]));
                    app.renderAll(List.of("a", "b", "c", "d"));
                    System.out.println("together=" + app.together.get());
                }
            }
            """;

    private static final String RULES = """
            thread(4) example.retrofit.ReadAfter#render
            gather    example.retrofit.ReadAfter#renderAll%s
            thread(4) example.retrofit.SkipFailures#check
            gather    example.retrofit.SkipFailures#checkAll%s
            thread(4) example.retrofit.SealFolder#write
            gather    example.retrofit.SealFolder#export%s
            thread(4) example.retrofit.Helper#check
            gather    example.retrofit.Helper#run%s
            thread(4) example.retrofit.Unanalysed#render
            gather    example.retrofit.Unanalysed#renderAll%s
            thread(4) example.retrofit.StaticRead#count
            gather    example.retrofit.StaticRead#countAll%s
            """;

    @TempDir
    static Path dir;
    private static Path classes;
    private static Path asWritten;
    private static Path accepted;

    @BeforeAll
    static void compileTheApps() throws Exception {
        List<String> sources = new ArrayList<>();
        for (Map.Entry<String, String> app : Map.of("ReadAfter", READ_AFTER, "SkipFailures", SKIP_FAILURES,
                "SealFolder", SEAL_FOLDER, "Helper", HELPER, "Unanalysed", UNANALYSED,
                "StaticRead", STATIC_READ).entrySet()) {
            Path source = dir.resolve("src/example/retrofit/" + app.getKey() + ".java");
            Files.createDirectories(source.getParent());
            Files.writeString(source, app.getValue());
            sources.add(source.toString());
        }
        classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-classpath", classes.toString(), "-d", classes.toString()));
        arguments.addAll(sources);
        // An explicit class path of the output folder only: javac would otherwise use this JVM's, which has lox-api.
        int status = javac.run(null, messages, messages, arguments.toArray(new String[0]));
        assertEquals(0, status, () -> "the apps do not compile:\n" + messages.toString(StandardCharsets.UTF_8));
        asWritten = Files.writeString(dir.resolve("as-written.conf"), RULES.formatted("", "", "", "", "", ""));
        accepted = Files.writeString(dir.resolve("accepted.conf"), RULES.formatted(
                " accept(used-after)", " accept(try-catch)", " accept(used-after)", " accept(try-catch)", " accept(unanalysed)",
                " accept(static-read)"));
    }

    private static Jvm app(String name, String... args) {
        return Jvm.java().classPath(classes).main(PACKAGE + "." + name, args);
    }

    private static Map<String, String> ok(Jvm.Result run) {
        assertEquals(0, run.exitCode(), run::toString);
        return AnnotatedAppIT.lines(run);
    }

    /** The line the agent prints for a call site, which starts with it. */
    private static String hazardLine(Jvm.Result run, String site) {
        return run.stderr().lines().filter(l -> l.startsWith("lox: " + site + ":")).findFirst()
                .orElseThrow(() -> new AssertionError("no hazard line for " + site + "\n" + run));
    }

    @Test
    void aReadAfterTheCallRunsItSynchronouslyUnlessAccepted() throws Exception {
        Map<String, String> plain = ok(app("ReadAfter", "20").run());
        assertEquals("[a.png, b.png, c.png, d.png]", plain.get("outputs"));

        Jvm.Result lox = app("ReadAfter", "20").agent(asWritten.toString()).run();
        assertEquals(plain.get("outputs"), ok(lox).get("outputs"), lox::toString);
        String hazard = hazardLine(lox, "ReadAfter.renderAll");
        assertTrue(hazard.contains("the call of ReadAfter.render(Item) runs synchronously, even in a gather region"), hazard);
        assertTrue(hazard.endsWith("(used-after); to scatter it nonetheless, write the rule"
                + " gather example.retrofit.ReadAfter#renderAll accept(used-after) (in place of " + asWritten + ":2)"), hazard);

        // Accepted: the calls scatter (all four in flight pass the latch) and the first read runs
        // before its call has: the documented change.
        Jvm.Result scattered = app("ReadAfter", "10000").agent(accepted.toString()).run();
        String outputs = ok(scattered).get("outputs");
        assertTrue(outputs.startsWith("[null,"), scattered::toString);
        assertFalse(scattered.stderr().contains("lox:"), scattered::toString);
    }

    @Test
    void aPerItemCatchRunsTheCallSynchronouslyUnlessAccepted() throws Exception {
        Map<String, String> plain = ok(app("SkipFailures", "20").run());
        assertEquals("2", plain.get("failed"));

        Jvm.Result lox = app("SkipFailures", "20").agent(asWritten.toString()).run();
        assertEquals("2", ok(lox).get("failed"), lox::toString);
        String hazard = hazardLine(lox, "SkipFailures.checkAll");
        assertTrue(hazard.contains("it is inside a try block, whose catch or finally would see a scattered call's failure"
                + " only when the region gathers (try-catch)"), hazard);
        assertTrue(hazard.endsWith("gather example.retrofit.SkipFailures#checkAll accept(try-catch) (in place of "
                + asWritten + ":4)"), hazard);

        // Accepted: the catch never sees a failure; the region throws the first one when it ends.
        Map<String, String> scattered = ok(app("SkipFailures", "10000").agent(accepted.toString()).run());
        assertEquals("java.lang.IllegalArgumentException: bad1", scattered.get("thrown"));
        assertEquals(null, scattered.get("failed"));
    }

    @Test
    void anEffectAfterTheLoopRunsTheCallsSynchronouslyUnlessAccepted() throws Exception {
        Path plainFolder = Files.createDirectories(dir.resolve("plain"));
        Map<String, String> plain = ok(app("SealFolder", "20", plainFolder.toString()).run());
        assertEquals("true", plain.get("sealed"));

        Path loxFolder = Files.createDirectories(dir.resolve("lox"));
        Jvm.Result lox = app("SealFolder", "20", loxFolder.toString()).agent(asWritten.toString()).run();
        assertEquals("true", ok(lox).get("sealed"), lox::toString);
        assertEquals("4", ok(lox).get("files"), lox::toString);
        assertTrue(hazardLine(lox, "SealFolder.export").contains("(used-after)"), lox::toString);

        // Accepted: the seal runs before the writes, which undo it.
        Path scatteredFolder = Files.createDirectories(dir.resolve("scattered"));
        Jvm.Result scattered = app("SealFolder", "10000", scatteredFolder.toString()).agent(accepted.toString()).run();
        assertEquals("false", ok(scattered).get("sealed"), scattered::toString);
        assertEquals("4", ok(scattered).get("files"), scattered::toString);
    }

    @Test
    void aLoopInAPrivateHelperRunsSynchronouslyWhenTheHelpersCallIsHazardous() throws Exception {
        Map<String, String> plain = ok(app("Helper", "20").run());
        assertEquals("rejected bad1", plain.get("result"));

        Jvm.Result lox = app("Helper", "20").agent(asWritten.toString()).run();
        assertEquals("rejected bad1", ok(lox).get("result"), lox::toString);
        String hazard = hazardLine(lox, "Helper.run");
        assertTrue(hazard.contains("the call of Helper.checkAll(List) runs synchronously"), hazard);
        assertTrue(hazard.contains("(try-catch)"), hazard);

        // Accepted: the helper's calls scatter; the catch misses the failure, which the region throws.
        Map<String, String> scattered = ok(app("Helper", "10000").agent(accepted.toString()).run());
        assertEquals("java.lang.IllegalArgumentException: bad1", scattered.get("thrown"));
    }

    @Test
    void aReadOfTheCalleesStaticStateAfterTheCallRunsItSynchronouslyUnlessAccepted() throws Exception {
        assertEquals("[1, 2, 3, 4]", ok(app("StaticRead", "20").run()).get("seen"));

        Jvm.Result lox = app("StaticRead", "20").agent(asWritten.toString()).run();
        assertEquals("[1, 2, 3, 4]", ok(lox).get("seen"), lox::toString);
        String hazard = hazardLine(lox, "StaticRead.countAll");
        assertTrue(hazard.contains("after it, the method reads static state of StaticRead, before a scattered call would have"
                + " finished (static-read)"), hazard);
        assertTrue(hazard.endsWith("gather example.retrofit.StaticRead#countAll accept(static-read) (in place of "
                + asWritten + ":12)"), hazard);
        assertFalse(lox.stderr().contains("did not analyse"), lox::toString);

        // Accepted: the first read runs before any call has counted.
        Jvm.Result scattered = app("StaticRead", "10000").agent(accepted.toString()).run();
        assertTrue(ok(scattered).get("seen").startsWith("[0,"), scattered::toString);
    }

    /**
     * A call the agent could not analyse (made by JDK code, forEach through a method reference)
     * runs as written even in a region, said once with its caller; a region that accepts
     * unanalysed scatters it.
     */
    @Test
    void aCallFromCodeTheAgentCannotSeeRunsAsWrittenUnlessAccepted() throws Exception {
        // One by one, only the last call finds the other three started.
        assertEquals("1", ok(app("Unanalysed", "20").run()).get("together"));

        Jvm.Result lox = app("Unanalysed", "20").agent(asWritten.toString()).run();
        assertEquals("1", ok(lox).get("together"), lox::toString);
        List<String> said = lox.stderr().lines().filter(l -> l.startsWith("lox: Unanalysed.render(String) was called")).toList();
        assertEquals(1, said.size(), lox::toString);
        assertTrue(said.get(0).startsWith("lox: Unanalysed.render(String) was called in the gather region Unanalysed.renderAll"
                + " from java."), said.get(0));
        assertTrue(said.get(0).contains("add accept(unanalysed) to the gather rule of Unanalysed.renderAll"), said.get(0));
        assertTrue(said.get(0).endsWith("or to its rule (" + asWritten + ":9)"), said.get(0));

        // Accepted: all four calls are in flight together.
        Jvm.Result scattered = app("Unanalysed", "10000").agent(accepted.toString()).run();
        assertEquals("4", ok(scattered).get("together"), scattered::toString);
        assertFalse(scattered.stderr().contains("lox:"), scattered::toString);
    }

    /** verbose lists each call site and whether it scatters. */
    @Test
    void verboseListsEachCallSite() throws Exception {
        Jvm.Result run = app("ReadAfter", "20").agent(asWritten + ",verbose").run();
        ok(run);
        assertTrue(run.stderr().lines().anyMatch(l -> l.startsWith("lox: call site ReadAfter.renderAll:")
                && l.endsWith(": ReadAfter.render(Item) runs synchronously (used-after)")), run::toString);
        Jvm.Result accepting = app("ReadAfter", "10000").agent(accepted + ",verbose").run();
        ok(accepting);
        assertTrue(accepting.stderr().lines().anyMatch(l -> l.startsWith("lox: call site ReadAfter.renderAll:")
                && l.endsWith(": ReadAfter.render(Item) scatters in a region (accepted: used-after)")), accepting::toString);
    }

    /** A parallel method with no gather rule gives no parallelism: the agent says so at exit. */
    @Test
    void aParallelMethodThatNoRegionCallsIsNamedAtExit() throws Exception {
        Path noRegion = Files.writeString(dir.resolve("no-region.conf"), "thread(4) example.retrofit.ReadAfter#render\n");
        Jvm.Result run = app("ReadAfter", "20").agent(noRegion.toString()).run();
        assertEquals("[a.png, b.png, c.png, d.png]", ok(run).get("outputs"));
        assertTrue(run.stderr().contains("lox: ReadAfter.render(Item) is parallel (" + noRegion + ":1),"
                + " but no gather region called it, so none of its calls scattered"), run::toString);
    }
}
