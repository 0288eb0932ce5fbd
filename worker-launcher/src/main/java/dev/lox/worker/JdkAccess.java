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

    /** Packages of modules other than java.base that Chronicle reaches into. */
    private static final Map<String, List<String>> OTHER_MODULES = Map.of(
            "jdk.unsupported", List.of("sun.misc"),
            "jdk.compiler", List.of("com.sun.tools.javac", "com.sun.tools.javac.file"));

    private JdkAccess() {
    }

    /**
     * Opens every package of {@code java.base}, and the few others Chronicle uses, to the unnamed
     * module of the system class loader (where the agent jar's classes and the application's live).
     * Never throws: a JDK that lacks a module or package is skipped, and a failure is reported on
     * stderr, because process mode then says at {@code scatter} what is missing.
     */
    public static void open(Instrumentation instrumentation) {
        try {
            Module target = ClassLoader.getSystemClassLoader().getUnnamedModule();
            Set<Module> to = JdkAccess.class.getModule() == target ? Set.of(target) : Set.of(target, JdkAccess.class.getModule());
            openAll(instrumentation, Object.class.getModule(), Object.class.getModule().getPackages(), to);
            for (Map.Entry<String, List<String>> e : OTHER_MODULES.entrySet()) {
                Optional<Module> module = ModuleLayer.boot().findModule(e.getKey());
                if (module.isPresent()) {
                    List<String> present = new ArrayList<>();
                    for (String p : e.getValue()) {
                        if (module.get().getPackages().contains(p)) {
                            present.add(p);
                        }
                    }
                    openAll(instrumentation, module.get(), present, to);
                }
            }
        } catch (Throwable t) {
            System.err.println("lox: could not open JDK internals for process mode (" + t
                    + "); @Lox.Process methods will fail at scatter");
        }
    }

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
     * The flags that give a JVM started without the agent what {@link #open} gives: every package
     * of {@code java.base}, and Chronicle's others, opened to ALL-UNNAMED.
     */
    public static List<String> workerFlags() {
        List<String> flags = new ArrayList<>();
        for (String p : new java.util.TreeSet<>(Object.class.getModule().getPackages())) {
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
