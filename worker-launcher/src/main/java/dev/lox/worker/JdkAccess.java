package dev.lox.worker;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
     * The packages are opened by {@link #ensureOpen(Module)} when the first process pool sends its
     * first call, before Chronicle or Kryo loads.
     */
    public static void open(Instrumentation instrumentation) {
        JdkAccess.instrumentation = instrumentation;
    }

    /**
     * Opens, if the agent gave an {@code Instrumentation} and it was not done yet, the packages of
     * {@code java.base} process mode needs (and jdk.compiler's that Chronicle names) to the unnamed
     * module of the system class loader, where the agent jar's classes and the application's live,
     * and to {@code runtime}, the module Chronicle and Kryo load in: from the agent jar, the unnamed
     * module of the loader of its nested process jar, which no {@code ALL-UNNAMED} open made at
     * start-up could name. Never throws: a failure is reported on stderr, and the result then says no.
     *
     * @param runtime the module of process mode's runtime classes
     * @return {@link #isOpen(Module) isOpen(runtime)}
     */
    public static boolean ensureOpen(Module runtime) {
        if (runtime == openedTo) {
            return true; // opens are never taken back; checking costs a lookup in a weak map per call
        }
        return open(runtime);
    }

    private static synchronized boolean open(Module runtime) {
        Instrumentation inst = instrumentation;
        if (isOpen(runtime) || inst == null) {
            return isOpen(runtime);
        }
        try {
            Set<Module> to = new HashSet<>(List.of(ClassLoader.getSystemClassLoader().getUnnamedModule(),
                    JdkAccess.class.getModule(), runtime));
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
        return isOpen(runtime);
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
     * Whether this JVM gives {@code runtime} (the module of process mode's runtime classes) what
     * process mode needs: true after {@link #ensureOpen} opened it, or when the JVM was started with
     * the equivalent {@code --add-opens} flags.
     */
    public static boolean isOpen(Module runtime) {
        if (runtime == openedTo) {
            return true;
        }
        Module base = Object.class.getModule();
        boolean open = base.isOpen("java.lang", runtime) && base.isOpen("java.util", runtime) && base.isOpen("java.nio", runtime)
                && base.isExported("sun.nio.ch", runtime) && base.isExported("jdk.internal.ref", runtime);
        if (open) {
            openedTo = runtime;
        }
        return open;
    }

    /** The module last found open; one JVM has one process runtime, so one module. */
    private static volatile Module openedTo;

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
