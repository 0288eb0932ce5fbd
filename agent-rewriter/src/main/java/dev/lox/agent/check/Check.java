package dev.lox.agent.check;

import dev.lox.agent.Main;
import dev.lox.agent.Premain;
import dev.lox.agent.config.ConfigException;
import dev.lox.agent.config.ConfigParser;
import dev.lox.agent.config.ConfigRule;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code java -jar lox-agent.jar check [--json] CONFIG CLASSPATH...}: what the agent would do with
 * a config file and an application, found without running it. Reads the class path's class files
 * (never loads a class of it, so none of its static initializers runs) and reports, one finding a
 * line as {@code lox.conf:N: ...}: each rule's methods, each gather region's call sites, parallel
 * methods no region calls, value-returning parallel methods, and what a process method's receiver,
 * arguments and result hold that cannot travel. Annotated methods count as rules do.
 *
 * <p>Exit code: 0 when nothing is a problem, 1 when something is, 2 for bad usage, a class path
 * entry that cannot be read, or a broken config file (its errors printed as the agent prints them).
 */
public final class Check {
    static final int CLEAN = 0;
    static final int FINDINGS = 1;

    private Check() {
    }

    /** Runs the command; called by {@link Main} across the nested jar's class loader. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CheckOptions options;
        try {
            options = CheckOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("lox: " + e.getMessage());
            err.println(Main.USAGE);
            return Main.USAGE_EXIT_CODE;
        }
        if (options.help()) {
            out.println(Main.USAGE);
            out.println("  CONFIG     the agent's config file, as given to -javaagent:lox-agent.jar=CONFIG");
            out.println("  CLASSPATH  the application's jars, folders of class files, or its Spring Boot fat jar;");
            out.println("             several, or joined with '" + File.pathSeparator + "'; folder/* for the jars in a folder");
            out.println("  --json     the findings as one JSON document, for CI");
            out.println("exit code: 0 nothing to fix, 1 findings to look at, 2 bad usage or config errors");
            return CLEAN;
        }
        List<ConfigRule> rules;
        try {
            rules = ConfigParser.parse(new File(options.config()), options.config());
        } catch (ConfigException e) {
            Premain.printConfigErrors(e, err);
            return Premain.CONFIG_ERROR_EXIT_CODE;
        }
        ClassFiles classes;
        try {
            classes = ClassPathReader.read(options.classPath());
        } catch (IllegalArgumentException e) {
            err.println("lox: " + e.getMessage());
            return Main.USAGE_EXIT_CODE;
        } catch (IOException e) {
            err.println("lox: cannot read the class path: " + e);
            return Main.USAGE_EXIT_CODE;
        }
        Findings findings = new Checker(classes, rules).run();
        if (options.json()) {
            Report.json(findings, options.config(), options.classPath(), classes.size(), out);
        } else {
            Report.text(findings, out);
        }
        out.flush();
        long problems = findings.problems();
        err.println("lox: checked " + rules.size() + (rules.size() == 1 ? " rule" : " rules") + " against " + classes.size()
                + " classes: " + (problems == 0 ? "nothing to fix" : problems + (problems == 1 ? " finding" : " findings")
                + " to look at") + " (exit code " + (problems == 0 ? CLEAN : FINDINGS) + ")");
        return problems == 0 ? CLEAN : FINDINGS;
    }
}
