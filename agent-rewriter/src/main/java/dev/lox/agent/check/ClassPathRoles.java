package dev.lox.agent.check;

import dev.lox.agent.config.Hazard;
import dev.lox.agent.analysis.MethodRoles;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The call-site analysis's questions answered from the whole class path: a call names a method
 * as its instruction does, and may run that method or any override the class path holds
 * ({@link CallGraph}); it scatters if one of those is a scatterable parallel method.
 *
 * <p>A method holds a scattering call if a call it makes may run a scatterable parallel method, or a
 * method that holds one, over the whole call graph; a region holds none for its callers (it gathers
 * its calls before it returns). This is decided before hazards: a call whose
 * own hazards make it run synchronously still counts, which can only add hazards to its callers
 * (unsure means synchronous).
 */
final class ClassPathRoles implements MethodRoles {
    private final CallGraph graph;
    private final Bodies bodies;
    private final Map<MethodKey, Mark> marks;
    private final Map<MethodKey, Boolean> holds = new HashMap<>();

    ClassPathRoles(CallGraph graph, Bodies bodies, Map<MethodKey, Mark> marks) {
        this.graph = graph;
        this.bodies = bodies;
        this.marks = marks;
    }

    private List<MethodKey> targets(dev.lox.agent.analysis.MethodKey method) {
        return graph.targets(new Bodies.Invocation(Opcodes.INVOKEVIRTUAL, method.owner().replace('.', '/'), method.name(),
                method.descriptor(), -1, -1));
    }

    @Override
    public boolean isScatterable(dev.lox.agent.analysis.MethodKey method) {
        for (MethodKey target : targets(method)) {
            Mark mark = marks.get(target);
            if (mark != null && mark.isParallel() && mark.isScatterable()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean holdsScatteringCall(dev.lox.agent.analysis.MethodKey method) {
        for (MethodKey target : targets(method)) {
            if (holds(target)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a call of {@code method} makes scattering calls. Decided for everything {@code method}
     * reaches at once (not yet decided): a method holds one if it calls a scatterable parallel method
     * or a method that holds one; a region's calls are its own, so a region holds none for its callers.
     */
    private boolean holds(MethodKey method) {
        Boolean known = holds.get(method);
        if (known != null) {
            return known;
        }
        Map<MethodKey, List<MethodKey>> callers = new HashMap<>();
        ArrayDeque<MethodKey> queue = new ArrayDeque<>();
        ArrayDeque<MethodKey> holding = new ArrayDeque<>();
        Set<MethodKey> reached = new LinkedHashSet<>();
        reached.add(method);
        queue.add(method);
        while (!queue.isEmpty()) {
            MethodKey m = queue.poll();
            Mark own = marks.get(m);
            Bodies.Body body = own != null && own.isRegion() ? null : bodies.body(m);
            if (body == null) {
                continue;
            }
            boolean direct = false;
            for (Bodies.Invocation call : body.invocations()) {
                if (call.isReference()) {
                    continue;
                }
                for (MethodKey target : graph.targets(call)) {
                    Mark mark = marks.get(target);
                    if (mark != null && mark.isParallel() && mark.isScatterable() || Boolean.TRUE.equals(holds.get(target))) {
                        direct = true;
                    } else if (!holds.containsKey(target)) {
                        callers.computeIfAbsent(target, k -> new ArrayList<>()).add(m);
                        if (reached.add(target)) {
                            queue.add(target);
                        }
                    }
                }
            }
            if (direct) {
                holding.add(m);
            }
        }
        Set<MethodKey> found = new HashSet<>();
        while (!holding.isEmpty()) {
            MethodKey m = holding.poll();
            if (found.add(m)) {
                holding.addAll(callers.getOrDefault(m, List.of()));
            }
        }
        for (MethodKey m : reached) {
            Mark own = marks.get(m);
            holds.put(m, found.contains(m) && (own == null || !own.isRegion()));
        }
        return holds.get(method);
    }

    @Override
    public boolean isRegion(dev.lox.agent.analysis.MethodKey method) {
        MethodKey declared = graph.resolve(key(method));
        Mark mark = declared == null ? null : marks.get(declared);
        return mark != null && mark.isRegion();
    }

    @Override
    public Set<Hazard> accepted(dev.lox.agent.analysis.MethodKey caller, dev.lox.agent.analysis.MethodKey callee) {
        EnumSet<Hazard> accepted = EnumSet.noneOf(Hazard.class);
        Mark region = marks.get(key(caller));
        if (region != null && region.isRegion()) {
            accepted.addAll(region.regionAccept);
        }
        for (MethodKey target : targets(callee)) {
            Mark mark = marks.get(target);
            if (mark != null && mark.parallelRule != null) {
                accepted.addAll(mark.parallelRule.accept());
            }
        }
        return accepted;
    }

    private static MethodKey key(dev.lox.agent.analysis.MethodKey method) {
        return new MethodKey(method.owner().replace('.', '/'), method.name(), method.descriptor());
    }
}
