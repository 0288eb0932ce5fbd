package dev.lox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.it.apps.VirtualApp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code @Lox.Virtual} in a real JVM with the agent, on the Java the tests run on: on 21 and later
 * every call of a region on a virtual thread, all in flight at once; on 17 to 20 the stand-in thread
 * pool and its one {@code lox:} line. A bounded {@code Lox.virtual(3)} keeps to 3 in flight on both.
 */
class VirtualThreadsIT {
    private static final boolean VIRTUAL = Runtime.version().feature() >= 21;
    private static final String FALLBACK = "lox: virtual threads need Java 21 or later";
    private static Jvm.Result run;

    @BeforeAll
    static void runTheApp() throws Exception {
        // Before 21 the stand-in pool of 50 never has all 60 calls started: there its calls wait for 50. A
        // short wait for 60 instead made the test depend on the machine's load: a call whose wait ran
        // out before the 50th thread started lowered the high-water mark.
        run = Jvm.java().agent(null).testClassPath().main(VirtualApp.class, "20000", VIRTUAL ? "60" : "50").run();
        assertEquals(0, run.exitCode(), run::toString);
    }

    @Test
    void aRegionsPlainCallsRunOnVirtualThreadsAllAtOnce() {
        Map<String, String> out = lines(run);
        if (VIRTUAL) {
            assertEquals("60", out.get("region.highWater"), run::toString);
            assertEquals("60", out.get("region.onVirtualThreads"), run::toString);
        } else {
            assertEquals("50", out.get("region.highWater"), "the stand-in pool has 50 threads: " + run);
            assertEquals("0", out.get("region.onVirtualThreads"), run::toString);
        }
    }

    @Test
    void aBoundedPoolKeepsToItsBound() {
        Map<String, String> out = lines(run);
        assertEquals(String.valueOf(29 * 30 * 59 / 6), out.get("bounded.sum"), run::toString);
        assertTrue(Integer.parseInt(out.get("bounded.highWater")) <= 3, run::toString);
    }

    @Test
    void theFallbackIsSaidOnceAndOnlyBefore21() {
        long said = run.stderr().lines().filter(line -> line.startsWith(FALLBACK)).count();
        assertEquals(VIRTUAL ? 0 : 1, said, run::toString);
    }

    private static Map<String, String> lines(Jvm.Result result) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : List.of(result.stdout().split("\\R"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }
}
