package dev.lox.worker.internal;

import dev.lox.internal.JarCache;
import dev.lox.worker.JdkAccess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a JVM lox starts to run calls needs, for JVMs other than process workers (lox-cluster's
 * members): the same {@code java}, flags and class path {@link WorkerCommand} gives a worker, from
 * the same places, so a member loads the application's classes as a worker does.
 */
public final class CallJvm {
    private CallJvm() {
    }

    /** {@code java} of this JVM's {@code java.home}. */
    public static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The flags every JVM that runs lox calls gets: the opens Kryo needs, and what this Java version
     * needs to print no warning of lox's dependencies ({@link JavaVersionFlags}).
     */
    public static List<String> flags() {
        List<String> flags = new ArrayList<>(JdkAccess.workerFlags());
        flags.addAll(JavaVersionFlags.worker(Runtime.version().feature()));
        return flags;
    }

    /** The flags lox adds to {@code user}'s own (a serial collector, a heap cap), unless they choose otherwise. */
    public static List<String> defaultFlags(List<String> user) {
        return WorkerCommand.defaultFlags(user);
    }

    /**
     * The application's class path entries for a method whose class {@code loader} loaded, as a
     * worker gets them ({@link WorkerClassPath}).
     *
     * @param scratch an owner-only folder of this JVM, for nested folders of classes a fat jar holds
     * @throws IllegalStateException naming the loader and the fix, if lox cannot reproduce it
     */
    public static List<String> applicationClassPath(ClassLoader loader, Path scratch) throws IOException {
        return new WorkerClassPath(JarCache.forThisUser(), scratch).entries(loader);
    }

    /**
     * The class path argument: lox's jars (those of process mode's runtime and lox-api, then
     * {@code more}: the jars the caller's own classes come from), then the application's entries.
     */
    public static String classPath(List<String> more, List<String> applicationClassPath) {
        Set<String> entries = new LinkedHashSet<>();
        for (String lox : WorkerCommand.classPath(List.of()).split(File.pathSeparator)) {
            entries.add(lox);
        }
        entries.addAll(more);
        entries.addAll(applicationClassPath);
        entries.remove("");
        return String.join(File.pathSeparator, entries);
    }

    /** {@code builder}, its environment cleaned of what would load the agent into the JVM it starts (as a worker's is). */
    public static ProcessBuilder withoutAgentOptions(ProcessBuilder builder) {
        return WorkerCommand.withoutAgentOptions(builder);
    }
}
