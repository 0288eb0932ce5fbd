package dev.lox.agent.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The call sites of parallel methods a gather region's thread can reach: in the region method
 * itself, in the methods it calls, and in theirs, over the whole class path ({@link CallGraph}).
 *
 * <p>The walk does not enter a parallel method whose plain call scatters (its body runs on the
 * pool's thread, outside the region), nor another region (its calls are its own); it enters a
 * parallel method that returns a value, which runs on the region's thread. Lambda bodies and
 * method references named in a method are entered as if called: {@code urls.forEach(this::fetch)}
 * calls {@code fetch} on the region's thread.
 */
final class RegionWalk {
    /** At most this many methods are read for one region; past it the walk stops, and says so. */
    static final int MAX_METHODS = 50_000;

    private final Bodies bodies;
    private final CallGraph graph;
    private final Map<MethodKey, Mark> marks;

    RegionWalk(Bodies bodies, CallGraph graph, Map<MethodKey, Mark> marks) {
        this.bodies = bodies;
        this.graph = graph;
        this.marks = marks;
    }

    /**
     * A call of a parallel method that a region's thread can make.
     *
     * @param caller the method holding the call (the region, or a method it reaches)
     * @param line the call's line, or -1 when the class file has no line numbers
     * @param callIndex the call's index among its method's calls ({@link Bodies.Invocation#callIndex})
     * @param callee the parallel method called
     * @param reference whether the code names the method as a method reference rather than calling it
     */
    record Site(MethodKey caller, int line, int callIndex, Mark callee, boolean reference) {
    }

    /**
     * What a region's thread can reach: the calls of parallel methods, the methods whose code it runs
     * (the region first, then in the order found), and whether the walk stopped at its bound.
     */
    record Result(List<Site> sites, List<MethodKey> reached, boolean truncated) {
    }

    Result walk(Mark region) {
        List<Site> sites = new ArrayList<>();
        List<MethodKey> reached = new ArrayList<>();
        Set<MethodKey> seen = new HashSet<>();
        Set<Site> recorded = new HashSet<>();
        ArrayDeque<MethodKey> queue = new ArrayDeque<>();
        queue.add(region.key());
        seen.add(region.key());
        while (!queue.isEmpty()) {
            if (seen.size() > MAX_METHODS) {
                return new Result(sites, reached, true);
            }
            MethodKey method = queue.poll();
            Bodies.Body body = bodies.body(method);
            if (body == null) {
                continue;
            }
            reached.add(method);
            for (Bodies.Invocation call : body.invocations()) {
                for (MethodKey target : graph.targets(call)) {
                    Mark mark = marks.get(target);
                    if (mark != null && mark.isParallel()) {
                        Site site = new Site(method, call.line(), call.callIndex(), mark, call.isReference());
                        if (recorded.add(site)) {
                            sites.add(site);
                        }
                        if (mark.isScatterable()) {
                            continue;
                        }
                    } else if (mark != null && mark.isRegion()) {
                        continue;
                    }
                    if (seen.add(target)) {
                        queue.add(target);
                    }
                }
            }
        }
        return new Result(sites, reached, false);
    }
}
