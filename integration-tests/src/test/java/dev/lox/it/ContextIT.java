package dev.lox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.it.apps.ContextApp;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Context carried into calls and lox's JFR events, in a real JVM with the real agent jar, whose own
 * copy of lox-api is the one that runs (lox-api is left off the application's class path), and with
 * a real SLF4J and Logback.
 */
class ContextIT {
    @TempDir
    static Path dir;
    private static Jvm.Result run;
    private static Path recording;

    @BeforeAll
    static void runTheApp() throws Exception {
        Path config = dir.resolve("lox.conf");
        Files.writeString(config, "carry dev.lox.it.apps.ContextApp#TENANT\ncarry mdc\n");
        Path jfc = dir.resolve("lox.jfc");
        try (ZipFile jar = new ZipFile(Jvm.AGENT_JAR.toFile())) {
            ZipEntry entry = jar.getEntry("META-INF/lox/lox.jfc");
            assertNotNull(entry, "the agent jar ships META-INF/lox/lox.jfc");
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, jfc, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        recording = dir.resolve("app.jfr");
        Jvm app = Jvm.java().agent(config.toString())
                .jvmArg("-XX:StartFlightRecording:settings=" + jfc + ",dev.lox.Call#enabled=true,dev.lox.Call#threshold=0ms,filename=" + recording)
                .main(ContextApp.class);
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("lox-api") && !entry.replace('\\', '/').contains("/api/target/")) {
                app.classPath(Path.of(entry));
            }
        }
        run = app.run();
        assertEquals(0, run.exitCode(), run::toString);
    }

    @Test
    void aHandlesCallsSeeTheScatteringThreadsContext() {
        assertTrue(run.stdout().contains("handle=[alice/acme/r-1, alice/acme/r-1, alice/acme/r-1, alice/acme/r-1]"), run::toString);
    }

    @Test
    void plainCallsScatteredInARegionSeeIt() {
        assertTrue(run.stdout().contains("region=[alice/acme/r-1, alice/acme/r-1, alice/acme/r-1, alice/acme/r-1]"), run::toString);
    }

    /** Once the caller's context is gone, the pool threads that ran the earlier calls hold none of it. */
    @Test
    void poolThreadsKeepNothingOfEarlierCalls() {
        assertTrue(run.stdout().contains("none=[null/null/null, null/null/null, null/null/null, null/null/null]"), run::toString);
    }

    /** The lox.jfc shipped in the agent jar works as a recording's settings; the events are read back. */
    @Test
    void theRecordingHoldsTheGathersAndCalls() throws Exception {
        List<RecordedEvent> gathers = new ArrayList<>();
        List<RecordedEvent> calls = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (e.getEventType().getName().equals("dev.lox.Gather")) {
                gathers.add(e);
            } else if (e.getEventType().getName().equals("dev.lox.Call")) {
                calls.add(e);
            }
        }
        assertEquals(3, gathers.size(), gathers::toString);
        assertEquals(List.of("ContextApp.whoAmI", "Lox.gather region", "ContextApp.whoAmI"),
                gathers.stream().sorted((a, b) -> a.getStartTime().compareTo(b.getStartTime())).map(e -> e.getString("method")).toList());
        assertEquals(12, calls.size(), calls::toString);
        assertTrue(calls.stream().allMatch(c -> c.getString("pool").equals("thread")), calls::toString);
    }
}
