package dev.lox.worker;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Opens the JDK internals that Chronicle Queue and Kryo need to the application's unnamed module, so
 * that users pass no {@code --add-opens} flags. The agent's premain calls {@link #open(Instrumentation)};
 * worker JVMs, which run without the agent, get the same access as command-line flags
 * ({@link #workerFlags()}).
 *
 * <p>Runs at every start of a JVM with the agent, so it must stay cheap: it touches only
 * {@code java.lang} types (never Chronicle or Kryo) and makes one {@code redefineModule} call per
 * module.
 */
public final class JdkAccess {

    /**
     * The java.base packages Chronicle Queue and Kryo reach into: Chronicle's documented list
     * (java.lang, java.lang.reflect, java.io, java.util, sun.nio.ch, jdk.internal.ref) and what it
     * uses besides (java.nio, jdk.internal.misc, sun.nio.fs), and the packages of the JDK value types
     * Kryo copies field by field (collections, concurrency, time, math, net, text, regex). Opening
     * all of java.base's packages instead costs about 14 ms at every start of a JVM with the agent.
     */
    private static final List<String> JAVA_BASE = List.of(
            "java.io", "java.lang", "java.lang.invoke", "java.lang.ref", "java.lang.reflect", "java.math", "java.net",
            "java.nio", "java.nio.channels", "java.nio.charset", "java.nio.file", "java.text", "java.time",
            "java.time.chrono", "java.time.format", "java.time.temporal", "java.time.zone", "java.util",
            "java.util.concurrent", "java.util.concurrent.atomic", "java.util.concurrent.locks", "java.util.regex",
            "jdk.internal.misc", "jdk.internal.ref", "sun.nio.ch", "sun.nio.fs");

    /**
     * Packages of modules other than java.base that Chronicle names (for its run-time compiler).
     * jdk.unsupported's sun.misc needs nothing: that module opens it to everyone.
     */
    private static final Map<String, List<String>> OTHER_MODULES = Map.of(
            "jdk.compiler", List.of("com.sun.tools.javac", "com.sun.tools.javac.file"));

    private JdkAccess() {
    }

    /**
     * Called by the agent's premain: remembers {@code instrumentation}, and nothing more, so that a
     * JVM that never uses process mode pays nothing (a first {@code redefineModule} costs about 5 ms).
     * The packages are opened by {@link #ensureOpen()} when the first process pool sends its first
     * call, before Chronicle or Kryo loads.
     */
    public static void open(Instrumentation instrumentation) {
        JdkAccess.instrumentation = instrumentation;
    }

    /**
     * Opens, if the agent gave an {@code Instrumentation} and it was not done yet, the packages of
     * {@code java.base} process mode needs (and jdk.compiler's that Chronicle names) to the unnamed
     * module of the system class loader, where the agent jar's classes and the application's live.
     * Never throws: a failure is reported on stderr, and {@link #isOpen()} then says no.
     *
     * @return {@link #isOpen()}
     */
    public static synchronized boolean ensureOpen() {
        Instrumentation inst = instrumentation;
        if (opened || inst == null) {
            return isOpen();
        }
        try {
            Module target = ClassLoader.getSystemClassLoader().getUnnamedModule();
            Set<Module> to = JdkAccess.class.getModule() == target ? Set.of(target) : Set.of(target, JdkAccess.class.getModule());
            openAll(inst, Object.class.getModule(), JAVA_BASE, to);
            for (Map.Entry<String, List<String>> e : OTHER_MODULES.entrySet()) {
                Optional<Module> module = ModuleLayer.boot().findModule(e.getKey());
                if (module.isPresent()) {
                    List<String> present = new ArrayList<>();
                    for (String p : e.getValue()) {
                        if (module.get().getPackages().contains(p)) {
                            present.add(p);
                        }
                    }
                    openAll(inst, module.get(), present, to);
                }
            }
        } catch (Throwable t) {
            System.err.println("lox: could not open JDK internals for process mode (" + t + ")");
        }
        return isOpen();
    }

    private static volatile Instrumentation instrumentation;

    private static void openAll(Instrumentation inst, Module module, Iterable<String> packages, Set<Module> to) {
        Map<String, Set<Module>> opens = new HashMap<>();
        for (String p : packages) {
            opens.put(p, to);
        }
        if (!opens.isEmpty() && inst.isModifiableModule(module)) {
            inst.redefineModule(module, Set.of(), opens, opens, Set.of(), Map.of());
        }
    }

    /**
     * Whether this JVM gives process mode what it needs: true after {@link #open} ran, or when the
     * JVM was started with the equivalent {@code --add-opens} flags.
     */
    public static boolean isOpen() {
        if (opened) {
            return true; // opens are never taken back; checking costs a lookup in a weak map per call
        }
        Module me = JdkAccess.class.getModule();
        Module base = Object.class.getModule();
        boolean open = base.isOpen("java.lang", me) && base.isOpen("java.util", me) && base.isOpen("java.nio", me)
                && base.isExported("sun.nio.ch", me) && base.isExported("jdk.internal.ref", me);
        opened = open;
        return open;
    }

    private static volatile boolean opened;

    /**
     * The flags that give a JVM started without the agent what {@link #open} gives, for workers.
     */
    public static List<String> workerFlags() {
        List<String> flags = new ArrayList<>();
        for (String p : JAVA_BASE) {
            flags.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        for (Map.Entry<String, List<String>> e : OTHER_MODULES.entrySet()) {
            Optional<Module> module = ModuleLayer.boot().findModule(e.getKey());
            for (String p : e.getValue()) {
                if (module.isPresent() && module.get().getPackages().contains(p)) {
                    flags.add("--add-opens=" + e.getKey() + "/" + p + "=ALL-UNNAMED");
                }
            }
        }
        return flags;
    }
}
