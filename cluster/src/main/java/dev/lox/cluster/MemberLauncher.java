package dev.lox.cluster;

import dev.lox.cluster.internal.ClusterSecret;
import dev.lox.cluster.internal.MemberCommand;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar lox-agent.jar member --config hazelcast.yaml -cp app.jar [--threads N]}: starts a
 * member JVM that serves lox calls with the application's classes (Hazelcast's Community Edition
 * ships no code: a member needs the application's class path), and waits for it. The member runs in a
 * JVM of its own because it needs the application on its class path and the flags Kryo and Hazelcast
 * need, which this {@code java -jar} was not given; it exits with this one.
 */
public final class MemberLauncher {
    private MemberLauncher() {
    }

    /** Runs the command; returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String config = null;
        String classPath = null;
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            boolean hasValue = i + 1 < args.length;
            switch (arg) {
                case "--config" -> config = hasValue ? args[++i] : null;
                case "-cp", "--class-path", "-classpath" -> classPath = hasValue ? args[++i] : null;
                case "--threads" -> {
                    extra.add(arg);
                    extra.add(hasValue ? args[++i] : "");
                }
                default -> {
                    return usage(err, "unknown argument \"" + arg + "\" in " + Arrays.toString(args));
                }
            }
        }
        if (config == null || !Files.isRegularFile(Path.of(config))) {
            return usage(err, config == null ? "no --config FILE" : "no configuration file " + Path.of(config).toAbsolutePath());
        }
        if (classPath == null) {
            return usage(err, "no -cp: a member runs the application's methods, so it needs the application's class path");
        }
        try {
            ClusterSecret.configured(System.getenv(), System.getProperty(ClusterSecret.FILE_PROPERTY));
        } catch (IllegalStateException e) {
            err.println("lox member: " + e.getMessage());
            return MemberMain.REFUSED;
        }
        List<String> memberArgs = new ArrayList<>(List.of("--config", config, "--parent", Long.toString(ProcessHandle.current().pid())));
        memberArgs.addAll(extra);
        List<String> command = MemberCommand.of(Arrays.asList(classPath.split(File.pathSeparator)), memberArgs);
        try {
            Process member = MemberCommand.builder(command).inheritIO().start();
            return member.waitFor();
        } catch (IOException e) {
            err.println("lox member: could not start the member JVM (" + command.get(0) + "): " + e);
            return MemberMain.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return MemberMain.FAILED;
        }
    }

    private static int usage(PrintStream err, String what) {
        err.println("lox member: " + what);
        err.println("usage: java -jar lox-agent.jar member --config hazelcast.yaml -cp APPLICATION_CLASSPATH [--threads N]");
        return MemberMain.REFUSED;
    }
}
