package dev.lox.agent.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which methods a call may run, over the whole class path: the method the call names, resolved up
 * its class's hierarchy, and for a virtual or interface call every override in the class path's
 * subtypes of that class (class hierarchy analysis). A call with more than
 * {@link #MAX_OVERRIDES} overrides (a call of {@code Object.toString}, of {@code Runnable.run})
 * follows none of them: so many unrelated methods would bury the region's real call sites; the
 * README says so.
 */
final class CallGraph {
    static final int MAX_OVERRIDES = 16;

    private final Types types;
    private final Map<MethodKey, List<MethodKey>> virtualTargets = new HashMap<>();

    CallGraph(Types types) {
        this.types = types;
    }

    /** The methods an invocation may run, those with a class file the checker can read (class path or JDK). */
    List<MethodKey> targets(Bodies.Invocation call) {
        MethodKey named = new MethodKey(call.owner(), call.name(), call.descriptor());
        if (!call.isVirtual()) {
            MethodKey declared = resolve(named);
            return declared == null ? List.of() : List.of(declared);
        }
        return virtualTargets.computeIfAbsent(named, this::virtualTargets);
    }

    private List<MethodKey> virtualTargets(MethodKey named) {
        Set<MethodKey> targets = new LinkedHashSet<>();
        MethodKey declared = resolve(named);
        if (declared != null) {
            targets.add(declared);
        }
        List<MethodKey> overrides = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>(types.directSubtypes(named.owner()));
        while (!queue.isEmpty() && overrides.size() <= MAX_OVERRIDES) {
            String sub = queue.poll();
            if (!seen.add(sub)) {
                continue;
            }
            TypeInfo info = types.type(sub);
            TypeInfo.MethodInfo m = info == null ? null : info.method(named.name(), named.descriptor());
            if (m != null && !m.isAbstract() && !m.isStatic()) {
                overrides.add(m.key());
            }
            queue.addAll(types.directSubtypes(sub));
        }
        if (overrides.size() <= MAX_OVERRIDES) {
            targets.addAll(overrides);
        }
        return List.copyOf(targets);
    }

    /** The method a call of {@code named} resolves to: declared by its class, a superclass, or an interface (a default). */
    MethodKey resolve(MethodKey named) {
        for (String c = named.owner(); c != null; ) {
            TypeInfo info = types.type(c);
            if (info == null) {
                return null;
            }
            TypeInfo.MethodInfo m = info.method(named.name(), named.descriptor());
            if (m != null) {
                return m.key();
            }
            c = info.superName;
        }
        return resolveInInterfaces(named.owner(), named, new HashSet<>());
    }

    private MethodKey resolveInInterfaces(String type, MethodKey named, Set<String> seen) {
        TypeInfo info = types.type(type);
        if (info == null || !seen.add(type)) {
            return null;
        }
        List<String> supers = new ArrayList<>(info.interfaces);
        if (info.superName != null) {
            supers.add(info.superName);
        }
        for (String s : supers) {
            TypeInfo si = types.type(s);
            TypeInfo.MethodInfo m = si == null ? null : si.method(named.name(), named.descriptor());
            if (m != null && si.isInterface() && !m.isAbstract()) {
                return m.key();
            }
            MethodKey deeper = resolveInInterfaces(s, named, seen);
            if (deeper != null) {
                return deeper;
            }
        }
        return null;
    }
}
