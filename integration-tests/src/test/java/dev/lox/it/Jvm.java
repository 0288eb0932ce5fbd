package dev.lox.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real JVM, as a user would: {@code java -javaagent:lox-agent.jar=... -cp ... Main}. The one
 * way integration tests start a JVM. Every run is bounded; a JVM that outlives its bound is killed
 * and the test fails with what it printed.
 */
public final class Jvm {
    /** The jar under test, built by the agent module before this module's tests run. */
    public static final Path AGENT_JAR = Paths.get(System.getProperty("lox.agent.jar", "../agent/target/lox-agent.jar"))
            .toAbsolutePath().normalize();

    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> classPath = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private String agentArgs;
    private boolean withAgent;
    private String mainClass;
    private Path jar;
    private final List<String> programArgs = new ArrayList<>();
    private long timeoutSeconds = 60;

    private Jvm() {
    }

    public static Jvm java() {
        return new Jvm();
    }

    /** Adds {@code -javaagent:lox-agent.jar}, with {@code args} after '=' if not null. */
    public Jvm agent(String args) {
        this.withAgent = true;
        this.agentArgs = args;
        return this;
    }

    public Jvm jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    public Jvm classPath(Path entry) {
        classPath.add(entry.toAbsolutePath().toString());
        return this;
    }

    /** This test JVM's own class path: the test classes and lox-api. */
    public Jvm testClassPath() {
        classPath.add(System.getProperty("java.class.path"));
        return this;
    }

    /** Sets {@code name} in the JVM's environment; null leaves it out, even if this JVM has it. */
    public Jvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    private void applyEnvironment(ProcessBuilder builder) {
        env.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
    }

    public Jvm main(Class<?> main, String... args) {
        return main(main.getName(), args);
    }

    public Jvm main(String main, String... args) {
        this.mainClass = main;
        programArgs.addAll(List.of(args));
        return this;
    }

    /** Runs {@code java -jar jar args...} instead of a main class. */
    public Jvm jar(Path jar, String... args) {
        this.jar = jar.toAbsolutePath();
        programArgs.addAll(List.of(args));
        return this;
    }

    public Jvm timeoutSeconds(long seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    public List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (withAgent) {
            if (!Files.isRegularFile(AGENT_JAR)) {
                fail("the agent jar is not built: " + AGENT_JAR + " (run mvn -B verify from the project root)");
            }
            cmd.add("-javaagent:" + AGENT_JAR + (agentArgs == null ? "" : "=" + agentArgs));
        }
        cmd.add("-Dchronicle.analytics.disable=true");
        cmd.addAll(jvmArgs);
        if (!classPath.isEmpty()) {
            cmd.add("-cp");
            cmd.add(String.join(java.io.File.pathSeparator, classPath));
        }
        if (jar != null) {
            cmd.add("-jar");
            cmd.add(jar.toString());
        } else {
            cmd.add(mainClass);
        }
        cmd.addAll(programArgs);
        return cmd;
    }

    /** Starts the JVM and returns at once; the caller must bound its waits and destroy it. */
    public Process start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command());
        applyEnvironment(builder);
        return builder.start();
    }

    /** Runs the JVM to its end, within the timeout. */
    public Result run() throws IOException, InterruptedException {
        Path out = Files.createTempFile("lox-it-out", ".txt");
        Path err = Files.createTempFile("lox-it-err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            applyEnvironment(builder);
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("JVM did not finish within " + timeoutSeconds + " s: " + command()
                        + "\nstdout:\n" + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** What a finished JVM did. */
    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
