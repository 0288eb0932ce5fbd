package dev.lox.agent;

import dev.lox.agent.config.ConfigException;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry point ({@code Premain-Class}), kept tiny: it hands over to {@link LoxAgent}
 * and decides what a failure does to the host application.
 *
 * <ul>
 *   <li>An internal fault never takes the application down: it is reported as {@code lox: ...}
 *       with its cause on stderr, and the application runs without lox.
 *   <li>A broken config file is the user's error: every error is printed as
 *       {@code file:line: what is wrong} and the JVM stops with exit code 2, before the
 *       application's {@code main} runs. {@code System.exit} rather than throwing from premain,
 *       because a throwing premain makes the JVM abort with its own stack trace and
 *       "processing of -javaagent failed" text around the user's errors.
 * </ul>
 */
public final class Premain {
    /** The exit code of a JVM stopped by a broken config file. */
    public static final int CONFIG_ERROR_EXIT_CODE = 2;

    private Premain() {
    }

    /** Called by the JVM before {@code main}, with the text after {@code -javaagent:lox-agent.jar=}. */
    public static void premain(String agentArgs, Instrumentation instrumentation) {
        try {
            LoxAgent.start(agentArgs, instrumentation);
        } catch (ConfigException e) {
            printConfigErrors(e, System.err);
            System.exit(CONFIG_ERROR_EXIT_CODE);
        } catch (Throwable t) {
            System.err.println("lox: the agent failed to start, so the application runs without lox: " + t);
            t.printStackTrace();
        }
    }

    /**
     * Prints a broken config file's errors, one a line, and what to do: the one wording of config
     * errors, for the agent and for {@code java -jar lox-agent.jar check} alike.
     */
    public static void printConfigErrors(ConfigException e, PrintStream err) {
        for (String error : e.errors()) {
            err.println(error);
        }
        err.println("lox: " + (e.errors().size() == 1 ? "1 error" : e.errors().size() + " errors")
                + " in the agent's configuration; fix " + (e.errors().size() == 1 ? "it" : "them")
                + " and start again (exit code " + CONFIG_ERROR_EXIT_CODE + ")");
        err.flush();
    }
}
