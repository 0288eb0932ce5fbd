package dev.lox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lox.it.apps.RecursionApp;
import org.junit.jupiter.api.Test;

/**
 * Recursion on a method's own pool, with the real agent: a recursive gather region on thread(1),
 * thread(1) + future.get(), recursive fib on thread(2) + gather(). Each ends (the JVM is bounded)
 * with the result of the plain run, and the region's calls ran on the pool.
 */
class RecursionIT {
    private static final String EXPECTED = "region=[6, 5, 4, 3, 2, 1, 0]\nget=12\nfib=[610]\n";

    @Test
    void withoutTheAgentTheProgramComputesItsResult() throws Exception {
        Jvm.Result plain = Jvm.java().testClassPath().main(RecursionApp.class).timeoutSeconds(60).run();
        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(EXPECTED + "visits.scattered=false\n", plain.stdout(), plain::toString);
    }

    @Test
    void withTheAgentEveryCaseEndsWithTheSameResult() throws Exception {
        Jvm.Result run = Jvm.java().agent(null).testClassPath().main(RecursionApp.class).timeoutSeconds(60).run();
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(EXPECTED + "visits.scattered=true\n", run.stdout(), run::toString);
    }
}
