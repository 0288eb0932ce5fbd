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
 * and the application's class path ({@link WorkerClassPath}: what the parallel method's class loader
 * sees), the opens Chronicle and Kryo need (in an argument file, so {@code ps} stays readable),
 * Chronicle's settings, and {@link WorkerMain}. One command per application class path: a pool's
 * workers get the command of its method's loader.
 *
 * <p>User flags for workers (heap size, GC) go in {@code -Dlox.process.jvmArgs="-Xmx2g ..."}. Unless
 * they set the heap, a worker's maximum heap is {@link #DEFAULT_MAX_HEAP}: the JVM's own default, a
 * quarter of the machine's memory for each worker, lets a runaway call fill gigabytes (17 s here)
 * before its {@code OutOfMemoryError} is reported, and several workers together could take more
 * memory than the machine has.
 */
final class WorkerCommand {
    /** A worker's maximum heap unless {@code lox.process.jvmArgs} sets one. */
    static final String DEFAULT_MAX_HEAP = "-Xmx1g";

    private final List<String> prefix;
    private final ClassLoader responseLoader;
    /** The class-data archive workers start from once there is one; null for none. */
    private final WorkerArchive archive;

    private WorkerCommand(List<String> prefix, ClassLoader responseLoader, WorkerArchive archive) {
        this.prefix = prefix;
        this.responseLoader = responseLoader;
        this.archive = archive;
    }

    /**
     * Writes the argument file every worker of this JVM reads (the opens and Chronicle's settings)
     * into {@code folder}, the JVM's owner-only queue folder.
     */
    static Path writeArgFile(Path folder) throws IOException {
        List<String> flags = new ArrayList<>(JdkAccess.workerFlags());
        flags.addAll(ChronicleSettings.flags());
        flags.addAll(JavaVersionFlags.worker(Runtime.version().feature()));
        Path argFile = folder.resolve("worker.args");
        Files.write(argFile, flags, StandardCharsets.UTF_8);
        return argFile;
    }

    /**
     * A command for workers of a method whose classes come from {@code applicationClassPath}.
     *
     * @param responseLoader what the parent reads these workers' responses with ({@link ResponseLoader})
     */
    static WorkerCommand create(Path argFile, List<String> applicationClassPath, ClassLoader responseLoader) {
        return create(argFile, applicationClassPath, responseLoader, null);
    }

    /** As above, workers starting from {@code archive} once it is made (null: never). */
    static WorkerCommand create(Path argFile, List<String> applicationClassPath, ClassLoader responseLoader,
            WorkerArchive archive) {
        List<String> cmd = new ArrayList<>(launcher(argFile));
        cmd.add("-cp");
        cmd.add(classPath(applicationClassPath));
        cmd.add(WorkerMain.class.getName());
        return new WorkerCommand(List.copyOf(cmd), responseLoader, archive);
    }

    /** A worker's command up to its class path: {@code java} and every flag. */
    static List<String> launcher(Path argFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + argFile);
        cmd.addAll(defaultFlags(userFlags()));
        cmd.add("-Dlox.worker=true");
        cmd.addAll(userFlags());
        return cmd;
    }

    /** lox's own class path entries, which come first on every worker's class path. */
    static List<String> loxClassPath() {
        String joined = classPath(List.of());
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(File.pathSeparator));
    }

    /** The flags lox adds unless the user's own flags ({@code lox.process.jvmArgs}) choose otherwise. */
    static List<String> defaultFlags(List<String> user) {
        List<String> flags = new ArrayList<>();
        if (user.stream().noneMatch(f -> f.startsWith("-XX:+Use") && f.endsWith("GC"))) {
            flags.add("-XX:+UseSerialGC"); // starts faster and uses less memory than G1 in a small worker
        }
        if (user.stream().noneMatch(f -> f.startsWith("-Xmx") || f.startsWith("-XX:MaxHeapSize=")
                || f.startsWith("-XX:MaxRAM"))) {
            flags.add(DEFAULT_MAX_HEAP);
        }
        return flags;
    }

    /** The loader the parent reads these workers' responses with; null for the codec's own. */
    ClassLoader responseLoader() {
        return responseLoader;
    }

    private static List<String> userFlags() {
        String s = System.getProperty("lox.process.jvmArgs", "").trim();
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
    }

    /**
     * lox's jars, then the application's class path: the one the worker classes (Chronicle, Kryo)
     * come from, then the one lox-api and {@link JdkAccess} come from. From the agent jar these are
     * the extracted nested process jar, which is on no class path, and the agent jar itself; from
     * class folders or plain jars, entries of the class path. First, because the worker loads several
     * hundred Chronicle and Kryo classes before it is ready, and each lookup would otherwise search
     * every application jar before reaching lox's. Nothing shadows: every entry of lox's jars is
     * under dev/lox/ or META-INF/.
     */
    static String classPath(List<String> applicationClassPath) {
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
        entries.addAll(applicationClassPath);
        entries.remove("");
        return String.join(File.pathSeparator, entries);
    }

    /** The worker's class path argument, for tests. */
    String classPathArgument() {
        return prefix.get(prefix.indexOf("-cp") + 1);
    }

    ProcessBuilder builder(long parentPid, Path poolFolder, Path workerFolder, long maxMessageBytes) {
        List<String> cmd = new ArrayList<>(prefix);
        if (archive != null) {
            cmd.addAll(cmd.indexOf("-cp"), archive.flags());
        }
        cmd.add(Long.toString(parentPid));
        cmd.add(poolFolder.toString());
        cmd.add(workerFolder.toString());
        cmd.add(Long.toString(maxMessageBytes));
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        return withoutAgentOptions(builder);
    }

    /**
     * {@code builder}, its environment cleaned of the option variables that would load the agent:
     * a JVM lox starts (a worker, a cluster member) must not load it again, or it would scatter its
     * own calls.
     */
    static ProcessBuilder withoutAgentOptions(ProcessBuilder builder) {
        Map<String, String> env = builder.environment();
        for (String var : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            String value = env.get(var);
            if (value != null && value.contains("-javaagent")) {
                env.remove(var);
            }
        }
        return builder;
    }
}
