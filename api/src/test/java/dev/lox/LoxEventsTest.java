package dev.lox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** lox's JFR events, recorded with {@link Recording} and read back with {@link RecordingFile}. */
@Timeout(60)
class LoxEventsTest {

    static int square(int x) {
        if (x < 0) {
            throw new IllegalArgumentException("negative: " + x);
        }
        return x * x;
    }

    @Test
    void aGatherAndItsCallsAreRecorded(@TempDir Path dir) throws Exception {
        var squares = Lox.thread(2).of(LoxEventsTest::square);
        Path file = dir.resolve("lox.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.lox.Gather");
            recording.enable("dev.lox.Call").withThreshold(Duration.ZERO);
            recording.start();
            squares.scatter(1);
            squares.scatter(-2);
            squares.scatter(3);
            assertThrows(IllegalArgumentException.class, squares::gather);
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> gathers = events(file, "dev.lox.Gather");
        assertEquals(1, gathers.size(), "one gather: " + gathers);
        RecordedEvent gather = gathers.get(0);
        assertEquals("LoxEventsTest.square", gather.getString("method"));
        assertEquals(3, gather.getInt("calls"));
        assertEquals(1, gather.getInt("failures"));
        assertTrue(gather.getDuration("waited").toNanos() >= 0);

        List<RecordedEvent> calls = events(file, "dev.lox.Call");
        assertEquals(3, calls.size(), "three calls: " + calls);
        for (RecordedEvent call : calls) {
            assertEquals("LoxEventsTest.square", call.getString("method"));
            assertEquals("thread", call.getString("pool"));
            assertTrue(call.getDuration("queued").toNanos() >= 0, call.toString());
            assertTrue(call.getDuration("run").toNanos() >= 0, call.toString());
        }
    }

    @Test
    void callsAreNotRecordedUnlessAskedFor(@TempDir Path dir) throws Exception {
        var squares = Lox.thread(2).of(LoxEventsTest::square);
        Path file = dir.resolve("lox.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.lox.Gather"); // dev.lox.Call is off by default
            recording.start();
            squares.scatter(4);
            assertEquals(List.of(16), squares.gather());
            recording.stop();
            recording.dump(file);
        }
        assertEquals(1, events(file, "dev.lox.Gather").size());
        assertEquals(0, events(file, "dev.lox.Call").size());
    }

    private static List<RecordedEvent> events(Path file, String name) throws Exception {
        List<RecordedEvent> found = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    /**
     * A runtime without the jdk.jfr module (a minimal jlink image, here java.base alone through
     * {@code --limit-modules}) scatters and gathers as any other.
     */
    @Test
    void scatterAndGatherWorkWhereJfrIsAbsent() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        Process p = new ProcessBuilder(java, "--limit-modules", "java.base", "-cp", classPath, NoJfrMain.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the JVM without jdk.jfr did not end");
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), out);
        assertEquals("jdk.jfr present: false; results: [1, 4, 9]", out.strip());
    }

    /** The program {@link #scatterAndGatherWorkWhereJfrIsAbsent} runs. */
    public static final class NoJfrMain {
        public static void main(String[] args) {
            var squares = Lox.thread(2).of(LoxEventsTest::square);
            for (int i = 1; i <= 3; i++) {
                squares.scatter(i);
            }
            System.out.println("jdk.jfr present: " + ModuleLayer.boot().findModule("jdk.jfr").isPresent()
                    + "; results: " + squares.gather());
        }
    }
}
