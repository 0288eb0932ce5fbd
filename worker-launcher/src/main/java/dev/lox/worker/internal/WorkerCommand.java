package dev.lox.worker.internal;

import dev.lox.worker.JdkAccess;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one way lox starts a worker JVM: {@code java} from this JVM's {@code java.home}, lox's jars
 * and this JVM's class path (the application's, which includes the agent jar), the opens Chronicle
 * and Kryo need (in an argument file, so {@code ps} stays readable), Chronicle's settings, and
 * {@link WorkerMain}.
 *
 * <p>User flags for workers (heap size, GC) go in {@code -Dlox.process.jvmArgs="-Xmx2g ..."}.
 */
final class WorkerCommand {
    private final List<String> prefix;

    private WorkerCommand(List<String> prefix) {
        this.prefix = prefix;
    }

    /** Writes the argument file into {@code folder} (the JVM's owner-only queue folder). */
    static WorkerCommand create(Path folder) throws IOException {
        List<String> flags = new ArrayList<>(JdkAccess.workerFlags());
        flags.addAll(ChronicleSettings.flags());
        Path argFile = folder.resolve("worker.args");
        Files.write(argFile, flags, StandardCharsets.UTF_8);

        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + argFile);
        List<String> user = userFlags();
        if (user.stream().noneMatch(f -> f.startsWith("-XX:+Use") && f.endsWith("GC"))) {
            cmd.add("-XX:+UseSerialGC"); // starts faster and uses less memory than G1 in a small worker
        }
        cmd.add("-Dlox.worker=true");
        cmd.addAll(user);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(WorkerMain.class.getName());
        return new WorkerCommand(List.copyOf(cmd));
    }

    private static List<String> userFlags() {
        String s = System.getProperty("lox.process.jvmArgs", "").trim();
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
    }

    /**
     * This JVM's class path, after the jars lox's classes come from: the one the worker classes
     * (Chronicle, Kryo) come from, then the one lox-api and {@link JdkAccess} come from. From the
     * agent jar these are the extracted nested process jar, which is on no class path, and the agent
     * jar itself; from class folders or plain jars, entries of the class path. First, because the
     * worker loads several hundred Chronicle and Kryo classes before it is ready, and each lookup
     * would otherwise search every application jar before reaching lox's. Nothing shadows: every
     * entry of lox's jars is under dev/lox/ or META-INF/.
     */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> type : List.of(WorkerMain.class, JdkAccess.class)) {
            try {
                var source = type.getProtectionDomain().getCodeSource();
                if (source != null && source.getLocation() != null) {
                    entries.add(Paths.get(source.getLocation().toURI()).toString());
                }
            } catch (URISyntaxException | RuntimeException e) {
                // the class path alone then
            }
        }
        entries.addAll(Arrays.asList(System.getProperty("java.class.path", "").split(File.pathSeparator)));
        entries.remove("");
        return String.join(File.pathSeparator, entries);
    }

    ProcessBuilder builder(long parentPid, Path poolFolder, Path workerFolder, long maxMessageBytes) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Long.toString(parentPid));
        cmd.add(poolFolder.toString());
        cmd.add(workerFolder.toString());
        cmd.add(Long.toString(maxMessageBytes));
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        Map<String, String> env = builder.environment();
        // A worker must not load the agent again (it would scatter its own calls): drop option
        // variables that would add it.
        for (String var : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            String value = env.get(var);
            if (value != null && value.contains("-javaagent")) {
                env.remove(var);
            }
        }
        return builder;
    }
}
