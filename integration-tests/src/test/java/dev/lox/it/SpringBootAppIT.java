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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spring Boot application (spring-boot-app/: spring-boot-starter 3.5, repackaged into an
 * executable fat jar by spring-boot-maven-plugin), run as users run it, {@code java -jar app.jar},
 * with the agent and a config file. Its classes are in {@code BOOT-INF/classes} and its libraries in
 * {@code BOOT-INF/lib}, loaded by Spring Boot's own class loader: workers must get the same classes.
 * lox must change where the work runs, never what the application computes.
 */
class SpringBootAppIT {
    private static final Path APP_JAR = fromProperty("lox.bootapp.jar", "../spring-boot-app/target/lox-spring-boot-app.jar");
    private static final Path APP_DIR = fromProperty("lox.bootapp.dir", "../spring-boot-app");
    private static final String BLOCKS = "6";

    @TempDir
    static Path tmp;

    private static Jvm.Result plain;
    private static String plainReport;

    @BeforeAll
    static void runWithoutLox() throws Exception {
        plain = run(Jvm.java(), "plain");
        plainReport = Files.readString(tmp.resolve("plain.txt"));
        assertEquals(12, plain.stdout().lines().count(), () -> "a digest and a prime count per block expected\n" + plain);
        assertEquals(plain.stdout(), plainReport, "the report file holds what stdout shows");
        assertTrue(plain.stderr().contains("digests computed by [this JVM]"), plain::toString);
    }

    @Test
    void aProcessRuleRunsTheFatJarsClassesInWorkerJvmsWithTheSameResults() throws Exception {
        Jvm.Result lox = run(Jvm.java().agent(APP_DIR.resolve("lox-process.conf").toString()), "process");

        assertSameReport(lox, "process");
        Matcher by = Pattern.compile("digests computed by \\[([^]]*)]").matcher(lox.stderr());
        assertTrue(by.find(), lox::toString);
        assertFalse(by.group(1).contains("this JVM"), () -> "every digest should come from a worker JVM\n" + lox);
        assertTrue(by.group(1).startsWith("pid "), lox::toString);
    }

    @Test
    void aThreadRuleOnTheFatJarsThreadSafeMethodGivesTheSameResults() throws Exception {
        Jvm.Result lox = run(Jvm.java().agent(APP_DIR.resolve("lox-thread.conf").toString()), "thread");

        assertSameReport(lox, "thread");
        Matcher by = Pattern.compile("primes counted by threads \\[([^]]*)]").matcher(lox.stderr());
        assertTrue(by.find(), lox::toString);
        assertFalse(by.group(1).contains("main"), () -> "the counts should run on the rule's pool\n" + lox);
    }

    private static void assertSameReport(Jvm.Result lox, String name) throws Exception {
        assertEquals(plain.stdout(), lox.stdout(), () -> "lox changed the results\nwithout the agent: " + plain + "\nwith it: " + lox);
        assertEquals(plainReport, Files.readString(tmp.resolve(name + ".txt")), "the report file");
        assertFalse(lox.stderr().contains("Exception"), lox::toString);
    }

    private static Jvm.Result run(Jvm jvm, String name) throws Exception {
        if (!Files.isRegularFile(APP_JAR)) {
            fail("the Spring Boot application is not built: " + APP_JAR + " (run mvn -B verify from the project root)");
        }
        Jvm.Result result = jvm.timeoutSeconds(240)
                .main("-jar", APP_JAR.toString(), BLOCKS, "--report=" + tmp.resolve(name + ".txt")).run();
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    private static Path fromProperty(String name, String fallback) {
        return Paths.get(System.getProperty(name, fallback)).toAbsolutePath().normalize();
    }
}
