package dev.lox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that has never heard of lox (compiled here, with no lox on its class path) made
 * parallel by a config file alone, and the config file's errors.
 */
class ConfigFileAppIT {
    /** Each fetch waits, bounded, until all four have started: run one by one, the most in flight is 1. */
    private static final String CRAWLER = """
            package example.crawl;

            import java.util.Set;
            import java.util.TreeSet;
            import java.util.concurrent.ConcurrentSkipListSet;
            import java.util.concurrent.CountDownLatch;
            import java.util.concurrent.TimeUnit;
            import java.util.concurrent.atomic.AtomicInteger;

            public class Crawler {
                static final int CALLS = 4;
                final CountDownLatch allStarted = new CountDownLatch(CALLS);
                final AtomicInteger inFlight = new AtomicInteger();
                final AtomicInteger highWater = new AtomicInteger();
                final Set<String> threads = new ConcurrentSkipListSet<>();
                final long waitMillis;

                Crawler(long waitMillis) {
                    this.waitMillis = waitMillis;
                }

                public void fetch(String url) {
                    threads.add(Thread.currentThread().getName());
                    highWater.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    try {
                        allStarted.countDown();
                        allStarted.await(waitMillis, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }

                public void fetchAll() {
                    for (int i = 0; i < CALLS; i++) {
                        fetch("https://example.com/" + i);
                    }
                }

                public static void main(String[] args) {
                    Crawler crawler = new Crawler(Long.parseLong(args[0]));
                    crawler.fetchAll();
                    System.out.println("caller=" + Thread.currentThread().getName());
                    System.out.println("highWater=" + crawler.highWater.get());
                    System.out.println("threads=" + new TreeSet<>(crawler.threads));
                }
            }
            """;

    private static final String CONFIG = """
            # example.crawl.Crawler knows nothing of lox
            thread(4)   example.crawl.Crawler#fetch(String)

            gather      example.crawl.Crawler#fetchAll   # the region
            """;

    @TempDir
    static Path dir;
    private static Path classes;
    private static Path config;

    @BeforeAll
    static void compileTheApp() throws Exception {
        Path source = dir.resolve("src/example/crawl/Crawler.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, CRAWLER);
        classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        // An explicit class path of the output folder only: javac would otherwise use this JVM's, which has lox-api.
        int status = javac.run(null, messages, messages, "--release", "17", "-classpath", classes.toString(),
                "-d", classes.toString(), source.toString());
        assertEquals(0, status, () -> "the sample app does not compile:\n" + messages.toString(StandardCharsets.UTF_8));
        config = dir.resolve("lox.conf");
        Files.writeString(config, CONFIG);
    }

    private static Jvm crawler(long waitMillis) {
        return Jvm.java().classPath(classes).main("example.crawl.Crawler", Long.toString(waitMillis));
    }

    /** Without the agent the app is sequential: the measure below can tell the difference. */
    @Test
    void withoutTheAgentTheCallsRunOneByOne() throws Exception {
        Jvm.Result run = crawler(20).run();
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("1", AnnotatedAppIT.lines(run).get("highWater"), run::toString);
    }

    /** A thread rule and a gather rule make the plain calls run all at once, on the rule's pool. */
    @Test
    void aConfigFileMakesAnUnawareAppParallel() throws Exception {
        Jvm.Result run = crawler(10_000).agent(config.toString()).run();
        assertEquals(0, run.exitCode(), run::toString);
        Map<String, String> out = AnnotatedAppIT.lines(run);
        assertEquals("4", out.get("highWater"), run::toString);
        assertFalse(out.get("threads").contains(out.get("caller")), run::toString);
        assertFalse(run.stderr().contains("lox:"), () -> "the agent had something to say:\n" + run);
    }

    /** The config file may come from LOX_CONFIG instead of the agent argument. */
    @Test
    void theConfigFileMayComeFromTheEnvironment() throws Exception {
        Jvm.Result run = crawler(10_000).agent(null).env("LOX_CONFIG", config.toString()).run();
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("4", AnnotatedAppIT.lines(run).get("highWater"), run::toString);
    }

    /** verbose lists each method instrumented, and why. */
    @Test
    void verboseListsTheInstrumentedMethods() throws Exception {
        Jvm.Result run = crawler(10_000).agent(config + ",verbose").run();
        assertEquals(0, run.exitCode(), run::toString);
        List<String> err = run.stderr().lines().toList();
        assertTrue(err.contains("lox: instrumented example.crawl.Crawler.fetch(String) as thread(4) (" + config + ":2)"), run::toString);
        assertTrue(err.contains("lox: instrumented example.crawl.Crawler.fetchAll() as a gather region (" + config + ":4)"), run::toString);
    }

    /** A rule that names a missing method is reported, with the methods it may have meant. */
    @Test
    void aRuleThatMatchesNothingIsReportedWithCloseMatches() throws Exception {
        Path typo = dir.resolve("typo.conf");
        Files.writeString(typo, "thread(4) example.crawl.Crawler#fetsh\ngather example.crawl.Crawler#fetchAll\n");
        Jvm.Result run = crawler(20).agent(typo.toString()).run();
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("lox: " + typo + ":1: example.crawl.Crawler#fetsh matches no method of"
                + " example.crawl.Crawler; close: fetch(String)"), run::toString);
    }

    /** A broken config file stops the JVM before main, listing every error as file:line. */
    @Test
    void aBrokenConfigFileStopsTheJvmWithEveryError() throws Exception {
        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, String.join("\n",
                "# three mistakes",
                "thread(8) example.crawl.Crawler#fetch",
                "thred(8) example.crawl.Crawler#fetch",
                "process(x) example.crawl.Crawler#fetch",
                "gather example.crawl.Crawler.fetchAll",
                ""));
        Jvm.Result run = crawler(20).agent(broken.toString()).run();
        assertEquals(2, run.exitCode(), run::toString);
        List<String> err = run.stderr().lines().toList();
        assertTrue(err.contains(broken + ":3: unknown kind \"thred(8)\": write thread, thread(N), virtual, virtual(N), process, process(N), cluster, cluster(N), gather or carry"), run::toString);
        assertTrue(err.stream().anyMatch(l -> l.startsWith(broken + ":4: bad count \"x\" in process(x)")), run::toString);
        assertTrue(err.contains(broken + ":5: missing '#' between class and method in \"example.crawl.Crawler.fetchAll\":"
                + " write example.crawl.Crawler#fetchAll"), run::toString);
        assertFalse(run.stdout().contains("highWater"), () -> "main ran despite the broken config:\n" + run);
    }

    /** A config file that is not there is the user's error too. */
    @Test
    void aMissingConfigFileStopsTheJvm() throws Exception {
        Path missing = dir.resolve("missing.conf");
        Jvm.Result run = crawler(20).agent(missing.toString()).run();
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.stderr().startsWith(missing + ": no such config file"), run::toString);
    }
}
