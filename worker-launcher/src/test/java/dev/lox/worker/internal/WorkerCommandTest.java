package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The flags lox adds to a worker's command line, decided without starting a JVM. */
class WorkerCommandTest {

    @Test
    void aWorkerGetsADefaultMaximumHeapUnlessTheUserSetsOne() {
        assertEquals(List.of("-XX:+UseSerialGC", WorkerCommand.DEFAULT_MAX_HEAP), WorkerCommand.defaultFlags(List.of()));
        assertEquals(List.of("-XX:+UseSerialGC"), WorkerCommand.defaultFlags(List.of("-Xmx4g")));
        assertEquals(List.of("-XX:+UseSerialGC"), WorkerCommand.defaultFlags(List.of("-XX:MaxRAMPercentage=50")));
        assertEquals(List.of("-XX:+UseSerialGC"), WorkerCommand.defaultFlags(List.of("-XX:MaxHeapSize=3g")));
        assertEquals(List.of(WorkerCommand.DEFAULT_MAX_HEAP), WorkerCommand.defaultFlags(List.of("-XX:+UseParallelGC")));
    }

    @Test
    void onlyJava24AndLaterWorkersGetTheUnsafeAndNativeAccessFlags() {
        // Java 17 refuses the option: "Unrecognized option: --sun-misc-unsafe-memory-access=allow".
        assertEquals(List.of(), JavaVersionFlags.worker(17));
        assertEquals(List.of(), JavaVersionFlags.worker(21));
        assertEquals(List.of(), JavaVersionFlags.worker(23));
        assertEquals(List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"), JavaVersionFlags.worker(24));
        assertEquals(JavaVersionFlags.worker(24), JavaVersionFlags.worker(25));
    }

    @Test
    void theParentSaysOnceWhichFlagSilencesChroniclesWarningOnlyWhereTheJvmWarns() {
        assertNull(JavaVersionFlags.parentNotice(17, null));
        assertNull(JavaVersionFlags.parentNotice(23, null));
        assertNull(JavaVersionFlags.parentNotice(25, "allow"), "the user chose a mode");
        String notice = JavaVersionFlags.parentNotice(25, null);
        assertTrue(notice.startsWith("lox: ") && notice.contains("--sun-misc-unsafe-memory-access=allow")
                && !notice.contains("\n"), notice);
    }

    @Test
    void loxJarsComeFirstThenTheApplicationsClassPathInOrder() {
        String cp = WorkerCommand.classPath(List.of("/app/b.jar", "/app/a.jar", "/app/b.jar"));
        List<String> entries = List.of(cp.split(java.io.File.pathSeparator));
        assertEquals(List.of("/app/b.jar", "/app/a.jar"), entries.subList(entries.size() - 2, entries.size()));
        assertTrue(entries.indexOf("/app/b.jar") > 0, "lox's own jars first: " + entries);
    }
}
