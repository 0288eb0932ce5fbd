package dev.lox.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.Lox;
import dev.lox.WorkerCrashedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The JFR events of process pools: a worker started, a worker that died holding a call. */
@Timeout(120)
class ProcessEventsTest {

    static int exitWith(int code) {
        System.exit(code);
        return code;
    }

    @Test
    void aWorkerThatDiesIsRecordedWithItsExitCodeAndTheCallsItFailed(@TempDir Path dir) throws Exception {
        var exit = Lox.process(1).of(ProcessEventsTest::exitWith);
        Path file = dir.resolve("process.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.lox.WorkerStart");
            recording.enable("dev.lox.WorkerCrash");
            recording.start();
            var call = exit.scatter(7);
            ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(60, TimeUnit.SECONDS));
            assertInstanceOf(WorkerCrashedException.class, e.getCause());
            assertThrows(WorkerCrashedException.class, () -> exit.gather(Duration.ofSeconds(60)));
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> starts = events(file, "dev.lox.WorkerStart");
        List<RecordedEvent> crashes = events(file, "dev.lox.WorkerCrash");
        assertEquals(1, crashes.size(), crashes::toString);
        RecordedEvent crash = crashes.get(0);
        assertEquals("ProcessEventsTest.exitWith", crash.getString("pool"));
        assertEquals(7, crash.getInt("exitCode"));
        assertEquals(1, crash.getInt("callsFailed"));
        assertEquals("it exited", crash.getString("reason"));
        assertTrue(starts.stream().anyMatch(s -> s.getLong("pid") == crash.getLong("pid")
                && s.getString("pool").equals("ProcessEventsTest.exitWith")), "the dead worker's start: " + starts);
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
}
