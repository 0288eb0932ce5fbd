package dev.lox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.it.apps.AnnotatedApp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An application compiled against lox-api and marked with annotations, run with the agent:
 * plain calls scatter inside gather regions, and nowhere else.
 */
class AnnotatedAppIT {
    private static Jvm.Result run;

    @BeforeAll
    static void runTheApp() throws Exception {
        run = app().run();
        assertEquals(0, run.exitCode(), run::toString);
    }

    /** The app on this JVM's test class path, as other integration tests run theirs: it must hold no agent classes. */
    static Jvm app() {
        return Jvm.java().agent(null).testClassPath().main(AnnotatedApp.class);
    }

    /** A @Lox.Gather method's plain calls to a @Lox.Thread void method run at once, on the pool. */
    @Test
    void plainCallsInAGatherMethodRunInParallel() {
        Map<String, String> out = lines(run);
        assertEquals("4", out.get("region.highWater"), run::toString);
        assertFalse(out.get("region.threads").contains(out.get("caller")), run::toString);
    }

    /** Lox.gather(() -> ...) is a region too. */
    @Test
    void plainCallsInLoxGatherRunInParallel() {
        Map<String, String> out = lines(run);
        assertEquals("4", out.get("lambda.highWater"), run::toString);
    }

    /** Outside a region a plain call is a plain call, in the caller's thread. */
    @Test
    void aCallOutsideARegionRunsInTheCaller() {
        Map<String, String> out = lines(run);
        assertEquals("[" + out.get("caller") + "]", out.get("outside.threads"), run::toString);
    }

    /** A future-returning method scatters, and its future completes with the method's result. */
    @Test
    void aFutureReturningMethodScattersAndCompletes() {
        String result = lines(run).get("future.result");
        assertTrue(result != null && result.startsWith("ABC@lox-"), run::toString);
    }

    /** A value-returning method runs synchronously, and the agent says so once, naming Lox.of. */
    @Test
    void aValueReturningMethodRunsSynchronouslyWithOneMessage() {
        assertEquals("49,64", lines(run).get("value.result"), run::toString);
        String message = "lox: AnnotatedApp.square(int) returns a value, so a plain call runs it synchronously;"
                + " scatter it with Lox.of(annotatedApp::square)";
        assertEquals(1, run.stderr().lines().filter(message::equals).count(), run::toString);
    }

    /** The region's own exception wins; the failed call's is suppressed into it. */
    @Test
    void aRegionsExceptionWinsWithCallFailuresSuppressed() {
        List<String> out = run.stdout().lines().toList();
        assertTrue(out.contains("exception.class=IllegalStateException: region failed"), run::toString);
        assertTrue(out.contains("exception.suppressed=IllegalArgumentException: call failed"), run::toString);
    }

    /** A region that itself completes throws the first failed call's exception. */
    @Test
    void aFailedCallIsThrownWhenTheRegionLeaves() {
        assertEquals("IllegalArgumentException: only the call failed", lines(run).get("callException.class"), run::toString);
    }

    /** The agent has nothing to say but the one value-returning message: no fault, no skipped class. */
    @Test
    void theAgentReportsNoFault() {
        assertEquals(List.of(), run.stderr().lines().filter(l -> l.startsWith("lox: ") && !l.contains("returns a value")).toList(),
                run::toString);
    }

    /** LOX_DEBUG=true runs every call in the caller's thread, as lox does. */
    @Test
    void loxDebugRunsCallsInTheCaller() throws Exception {
        Jvm.Result debug = app().env("LOX_DEBUG", "true").main(AnnotatedApp.class.getName(), "50").run();
        assertEquals(0, debug.exitCode(), debug::toString);
        Map<String, String> out = lines(debug);
        String caller = "[" + out.get("caller") + "]";
        assertEquals(caller, out.get("region.threads"), debug::toString);
        assertEquals(caller, out.get("lambda.threads"), debug::toString);
        assertEquals("1", out.get("region.highWater"), debug::toString);
        assertTrue(out.get("future.result").endsWith("@" + out.get("caller")), debug::toString);
    }

    static Map<String, String> lines(Jvm.Result result) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : result.stdout().lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }
}
