package dev.lox.agent;

import dev.lox.agent.nested.NestedJar;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * {@code java -jar lox-agent.jar COMMAND ...} ({@code Main-Class}). Kept tiny and outside the nested
 * jars: a command's code, and the ASM it reads class files with, sit in the nested rewriter jar,
 * which this class opens ({@link NestedJar#REWRITER}); {@code -javaagent} start-up never loads this class.
 */
public final class Main {
    /** The usage line of the commands. */
    public static final String USAGE = "usage: java -jar lox-agent.jar check [--json] CONFIG CLASSPATH...";
    /** The usage line of the member command (a cluster member JVM that serves lox calls). */
    public static final String MEMBER_USAGE = "       java -jar lox-agent.jar member --config hazelcast.yaml -cp APPLICATION_CLASSPATH";
    /** A command's exit code for bad usage (as for a broken config file). */
    public static final int USAGE_EXIT_CODE = 2;
    /** The exit code of a command that failed on lox's own fault. */
    public static final int INTERNAL_FAULT_EXIT_CODE = 3;

    private static final String CHECK = "dev.lox.agent.check.Check";
    /** Starts a cluster member JVM that serves lox calls; in the nested cluster jar. */
    private static final String MEMBER = "dev.lox.cluster.MemberLauncher";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !(args[0].equals("check") || args[0].equals("member"))) {
            err.println("lox: " + (args.length == 0 ? "no command" : "unknown command \"" + args[0] + "\"")
                    + "; the commands are check and member");
            err.println(USAGE);
            err.println(MEMBER_USAGE);
            return USAGE_EXIT_CODE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        boolean check = args[0].equals("check");
        try {
            Class<?> command = check ? Class.forName(CHECK, true, NestedJar.REWRITER.loader())
                    : Class.forName(MEMBER, true, NestedJar.CLUSTER.loader());
            return (int) command.getMethod("run", String[].class, PrintStream.class, PrintStream.class).invoke(null, rest, out, err);
        } catch (InvocationTargetException e) {
            return fault(e.getCause(), err);
        } catch (Exception | LinkageError e) {
            return fault(e, err);
        }
    }

    private static int fault(Throwable t, PrintStream err) {
        err.println("lox: the command failed on an internal fault (exit code " + INTERNAL_FAULT_EXIT_CODE + "): " + t);
        t.printStackTrace(err);
        return INTERNAL_FAULT_EXIT_CODE;
    }
}
