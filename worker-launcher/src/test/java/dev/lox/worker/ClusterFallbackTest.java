package dev.lox.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.Lox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** With no cluster named, a cluster pool runs on local worker JVMs, as a process pool does, and lox says so once. */
class ClusterFallbackTest {
    static long pid(int x) {
        return ProcessHandle.current().pid();
    }

    static int twice(int x) {
        return 2 * x;
    }

    @Test
    void aClusterPoolWithoutAClusterRunsOnWorkerJvmsAndSaysSoOnce() throws TimeoutException {
        assertNull(System.getProperty("lox.cluster"));
        assertNull(System.getenv("LOX_CLUSTER"));
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        Set<Long> pids;
        List<Integer> doubled;
        System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            var pid = Lox.cluster(4).of(ClusterFallbackTest::pid);
            for (int i = 0; i < 10; i++) {
                pid.scatter(i);
            }
            pids = new HashSet<>(pid.gather(Duration.ofSeconds(60)));
            var twice = Lox.cluster(4).of(ClusterFallbackTest::twice);
            for (int i = 0; i < 10; i++) {
                twice.scatter(i);
            }
            doubled = twice.gather(Duration.ofSeconds(60));
        } finally {
            System.setErr(err);
        }
        assertFalse(pids.contains(ProcessHandle.current().pid()), "the calls ran in worker JVMs");
        assertEquals(List.of(0, 2, 4, 6, 8, 10, 12, 14, 16, 18), doubled);
        String text = said.toString(StandardCharsets.UTF_8);
        String line = "lox: no cluster is configured, so cluster pools run on local worker JVMs";
        assertTrue(text.contains(line), text);
        assertEquals(text.indexOf(line), text.lastIndexOf(line), "said once, for two pools: " + text);
    }
}
