package dev.lox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The samples (samples/, plain Java with no lox on their class path), run from their jar as
 * scripts/demo runs them: without the agent, then with it and their config file. lox must change
 * where the work runs, never what the program prints. Small batches: the demo shows the speed.
 */
class SamplesIT {
    private static final Path SAMPLES_JAR = fromProperty("lox.samples.jar", "../samples/target/lox-samples.jar");
    private static final Path SAMPLES_DIR = fromProperty("lox.samples.dir", "../samples");

    @Test
    void theDownloadBatchPrintsTheSameWithTheAgentAndFetchesOnSeveralThreads() throws Exception {
        String main = "dev.lox.samples.downloads.DownloadBatch";
        Jvm.Result plain = run(Jvm.java(), main, "12");
        Jvm.Result lox = run(Jvm.java().agent(config("lox.conf")), main, "12");

        assertEquals(12, plain.stdout().lines().count(), () -> "one line per URL expected\n" + plain);
        assertEquals(plain.stdout(), lox.stdout(), () -> "lox changed the results\nwithout the agent: " + plain
                + "\nwith it: " + lox);
        assertEquals(1, count(plain, "fetch ran on (\\d+) thread"), plain::toString);
        assertTrue(count(lox, "fetch ran on (\\d+) thread") > 1,
                () -> "with samples/lox.conf, fetch should run on the rule's thread pool\n" + lox);
    }

    @Test
    void theRenderBatchPrintsTheSameWithTheAgentAndRendersInWorkerJvms() throws Exception {
        String main = "dev.lox.samples.render.RenderBatch";
        Jvm.Result plain = run(Jvm.java(), main, "4", "2");
        Jvm.Result lox = run(Jvm.java().agent(config("lox-process.conf")), main, "4", "2");

        assertEquals(4, plain.stdout().lines().filter(line -> line.startsWith("tile ")).count(),
                () -> "one line per tile expected\n" + plain);
        assertFalse(plain.stdout().contains("MISMATCH"), plain::toString);
        assertEquals(plain.stdout(), lox.stdout(), () -> "lox changed the results\nwithout the agent: " + plain
                + "\nwith it: " + lox);
        assertEquals(1, count(plain, "rendered by (\\d+) JVM"), plain::toString);
        // Worker JVMs report their own process ids: more than one means the tiles left this JVM.
        assertTrue(count(lox, "rendered by (\\d+) JVM") > 1,
                () -> "with samples/lox-process.conf, the tiles should render in the 2 worker JVMs\n" + lox);
    }

    private static Jvm.Result run(Jvm jvm, String main, String... args) throws Exception {
        if (!Files.isRegularFile(SAMPLES_JAR)) {
            fail("the samples jar is not built: " + SAMPLES_JAR + " (run mvn -B verify from the project root)");
        }
        Jvm.Result result = jvm.classPath(SAMPLES_JAR).main(main, args).run();
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    private static String config(String name) {
        return SAMPLES_DIR.resolve(name).toString();
    }

    /** The number the sample printed on stderr where {@code regex}'s group is. */
    private static int count(Jvm.Result result, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(result.stderr());
        if (!matcher.find()) {
            fail("the sample's stderr has no match for '" + regex + "'\n" + result);
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static Path fromProperty(String name, String fallback) {
        return Paths.get(System.getProperty(name, fallback)).toAbsolutePath().normalize();
    }
}
