package dev.lox.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PremainTest {

    /**
     * An internal fault (here: no Instrumentation to install the transformer with) never takes the
     * application down: premain returns, and says what happened on stderr. (A broken config file
     * stops the JVM instead; ConfigFileAppIT covers that in a real JVM.)
     */
    @Test
    void anInternalFaultIsReportedAndTheApplicationRunsOn() {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Premain.premain(null, null);
        } finally {
            System.setErr(original);
        }
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("lox: the agent failed to start, so the application runs without lox: java.lang.NullPointerException"), said);
        assertTrue(said.contains("\tat dev.lox.agent.LoxAgent.start"), "the cause's stack trace: " + said);
    }
}
