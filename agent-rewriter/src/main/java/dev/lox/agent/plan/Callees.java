package dev.lox.agent.plan;

import dev.lox.agent.analysis.CallSite;
import dev.lox.agent.analysis.MethodKey;
import dev.lox.agent.config.ConfigRule;
import dev.lox.internal.AnnotationMarks;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the agent knows of methods outside the class it is planning: the config rules, the classes
 * it has planned (which methods hold scattering calls, which call sites lie in regions), and the
 * annotations of classes not loaded yet, read from their class files through the loader without
 * loading them. Classes load in parallel: every part is thread-safe.
 */
public final class Callees {
    private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    private final List<ConfigRule> rules;
    /** Per loader (held weakly): class facts read so far (empty: no class file), and scattering methods. */
    private final Map<ClassLoader, Known> byLoader = new WeakHashMap<>(); // guarded by itself
    private final Known bootstrap = new Known();
    /** For the exit check: calls seen (caller -> callee) and the regions, across loaders by name. */
    private final Set<MethodKey> regions = ConcurrentHashMap.newKeySet();
    private final Map<MethodKey, Set<MethodKey>> callers = new ConcurrentHashMap<>();
    /** Name and descriptor of every scatterable parallel method planned so far, for calls through a supertype. */
    private final Set<String> parallelNames = ConcurrentHashMap.newKeySet();

    private static final class Known {
        final Map<String, Optional<ClassFacts>> facts = new ConcurrentHashMap<>();
        final Set<MethodKey> scattering = ConcurrentHashMap.newKeySet();
    }

    public Callees(List<ConfigRule> rules) {
        this.rules = List.copyOf(rules);
    }

    private Known known(ClassLoader loader) {
        if (loader == null) {
            return bootstrap;
        }
        synchronized (byLoader) {
            Known known = byLoader.get(loader);
            if (known == null) {
                known = new Known();
                byLoader.put(loader, known);
            }
            return known;
        }
    }

    /** The first thread/process rule that matches the method, or null. */
    public ConfigRule parallelRule(MethodKey method) {
        for (ConfigRule rule : rules) {
            if (rule.isParallel() && matches(rule, method)) {
                return rule;
            }
        }
        return null;
    }

    /** The first gather rule that matches the method, or null. */
    public ConfigRule regionRule(MethodKey method) {
        for (ConfigRule rule : rules) {
            if (!rule.isParallel() && matches(rule, method)) {
                return rule;
            }
        }
        return null;
    }

    private static boolean matches(ConfigRule rule, MethodKey method) {
        return rule.pattern().matchesClass(method.owner()) && rule.pattern().matchesMethod(method.name(), method.descriptor());
    }

    /** Whether plain calls of a method of another class scatter: as its rule or its annotation says. */
    public boolean isScatterable(ClassLoader loader, MethodKey method) {
        if (isJdk(method.owner())) {
            return false;
        }
        if (parallelRule(method) != null) {
            // The descriptor alone decides (MethodFacts.isScatterable reads no more), so the callee's
            // class file is not read: with a wide rule that is nearly every call's callee.
            return returnsVoidOrFuture(method.descriptor());
        }
        MethodFacts facts = facts(loader, method);
        if (facts == null || facts.isAbstract()) {
            return mayReachParallel(method);
        }
        if (facts.parallel().isEmpty() || !facts.isScatterable()) {
            return false;
        }
        try {
            return AnnotationMarks.read(facts.parallel(), facts.callTimeout(), false, List.of(), facts).isParallel();
        } catch (IllegalArgumentException badMark) {
            return false; // said when its class loads; the method runs as written
        }
    }

    /**
     * A call that names a method its type does not implement (an interface's, an abstract one, one
     * inherited): it may reach a parallel method of the same name and descriptor, one a rule names
     * in any class or one planned so far, so the analysis judges it as a call of one. At run time
     * the method it reaches decides: its entry code matches the call site's request by name and
     * descriptor, and a method that is not parallel ignores it.
     */
    private boolean mayReachParallel(MethodKey method) {
        if (!returnsVoidOrFuture(method.descriptor())) {
            return false;
        }
        for (ConfigRule rule : rules) {
            if (rule.isParallel() && rule.pattern().matchesMethod(method.name(), method.descriptor())) {
                return true;
            }
        }
        return parallelNames.contains(method.name() + method.descriptor());
    }

    /** Whether a method of another class is a region. */
    public boolean isRegion(ClassLoader loader, MethodKey method) {
        if (isJdk(method.owner())) {
            return false;
        }
        if (regionRule(method) != null) {
            return true;
        }
        MethodFacts facts = facts(loader, method);
        return facts != null && facts.gather();
    }

    /** Whether a method of a class planned before holds a scattering call. */
    public boolean holdsScatteringCall(ClassLoader loader, MethodKey method) {
        return known(loader).scattering.contains(method);
    }

    /** Remembers what a planned class tells later ones, and the exit check. */
    public void record(ClassLoader loader, ClassPlan plan) {
        Known known = known(loader);
        for (MethodPlan method : plan.methods()) {
            MethodKey key = new MethodKey(plan.className(), method.method().name(), method.method().descriptor());
            if (method.holdsScatteringCall() && method.region() == null) {
                known.scattering.add(key);
            }
            if (method.region() != null) {
                regions.add(key);
            }
            if (method.scatters()) {
                parallelNames.add(method.method().name() + method.method().descriptor());
            }
        }
        for (CallSite site : plan.callSites()) {
            Set<MethodKey> of = callers.get(site.callee());
            if (of == null) {
                Set<MethodKey> fresh = ConcurrentHashMap.newKeySet();
                of = callers.putIfAbsent(site.callee(), fresh);
                if (of == null) {
                    of = fresh;
                }
            }
            of.add(site.caller());
        }
    }

    /**
     * Whether any call of the method that the agent has seen lies in a region, or in a method
     * called (as far as it has seen) from one.
     */
    public boolean calledInRegion(MethodKey method) {
        Set<MethodKey> seen = new HashSet<>();
        List<MethodKey> todo = new ArrayList<>(List.of(method));
        while (!todo.isEmpty()) {
            MethodKey callee = todo.remove(todo.size() - 1);
            for (MethodKey caller : callers.getOrDefault(callee, Set.of())) {
                if (regions.contains(caller)) {
                    return true;
                }
                if (seen.add(caller)) {
                    todo.add(caller);
                }
            }
        }
        return false;
    }

    /** A method of a class not planned yet, from its class file; null if there is none or it lacks the method. */
    private MethodFacts facts(ClassLoader loader, MethodKey method) {
        if (method.owner().startsWith("[")) {
            // An array type ([Ljava.lang.Object; for a clone() call) has no class file: the loader
            // would search its whole class path for one, some half a millisecond for each.
            return null;
        }
        Map<String, Optional<ClassFacts>> known = known(loader).facts;
        Optional<ClassFacts> facts = known.get(method.owner());
        if (facts == null) {
            facts = read(loader, method.owner()); // two threads may both read it: the same facts
            Optional<ClassFacts> first = known.putIfAbsent(method.owner(), facts);
            if (first != null) {
                facts = first;
            }
        }
        return facts.isPresent() ? facts.get().method(method.name(), method.descriptor()) : null;
    }

    /** Seeds what a class being planned declares, so that it is not read again. */
    public void remember(ClassLoader loader, ClassFacts facts) {
        known(loader).facts.putIfAbsent(facts.className(), Optional.of(facts));
    }

    private static Optional<ClassFacts> read(ClassLoader loader, String owner) {
        String resource = owner.replace('.', '/') + ".class";
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource) : loader.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(ClassFacts.read(in.readAllBytes()));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty(); // unsure: its calls are not analysed as parallel
        }
    }

    private static boolean isJdk(String owner) {
        for (String prefix : JDK) {
            if (owner.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean returnsVoidOrFuture(String descriptor) {
        String returned = descriptor.substring(descriptor.indexOf(')') + 1);
        return returned.equals("V") || returned.equals("Ljava/util/concurrent/Future;")
                || returned.equals("Ljava/util/concurrent/CompletableFuture;")
                || returned.equals("Ljava/util/concurrent/CompletionStage;");
    }
}
