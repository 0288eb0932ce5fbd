package dev.lox.internal;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says, once per method, that a call reached a rewritten method in a gather region from a call site
 * the agent did not analyse, so it ran as written: lox cannot tell whether scattering it would
 * change what the caller computes. The caller is found once, by walking the stack, on this slow
 * path only.
 */
final class UnanalysedCalls {
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();
    private static final StackWalker STACK = StackWalker.getInstance();

    private UnanalysedCalls() {
    }

    /**
     * @param id the parallel method's id, or -1 for a method holding scattering calls
     * @param display the method, {@code Images.fetch(String)}
     * @param region the region's name, {@code Images.downloadAll}
     */
    static void ranAsWritten(int id, String display, String region) {
        ParallelMethod parallel = id < 0 ? null : ParallelMethods.byId(id);
        if (parallel != null) {
            parallel.markScattered(); // reached in a region: the agent's exit check must not say no region called it
        }
        if (!SAID.add(display)) {
            return;
        }
        String what = parallel != null
                ? "so that call ran as written, not scattered, as will every such call of it"
                : "which makes scattering calls, so it ran as written and its calls did not scatter, as on every such call";
        String rule = parallel != null && !parallel.origin().startsWith("@") ? ", or to its rule (" + parallel.origin() + ")" : "";
        String regionAccepts = region.equals(GatherRegion.LOX_GATHER)
                ? "make the Lox.gather block a method with @Lox.Gather(accept = \"unanalysed\") or a gather rule with accept(unanalysed)"
                : "add accept(unanalysed) to the gather rule of " + region + ", or accept = \"unanalysed\" to its @Lox.Gather";
        ApiLog.warnOnce(display + " was called in the gather region " + region + " from " + caller()
                + ", a call site the agent did not analyse (in a class it does not rewrite, in JDK code such as forEach,"
                + " or through reflection), " + what + "; to scatter it, call it in the region's own code (a for-each"
                + " loop in place of forEach), where the agent checks it, or accept the hazard: " + regionAccepts + rule);
    }

    /** The frame that called the method, skipping lox's own frames and the method's. */
    private static String caller() {
        Optional<StackWalker.StackFrame> frame = STACK.walk(frames -> frames
                .dropWhile(f -> f.getClassName().startsWith("dev.lox.internal."))
                .skip(1)
                .findFirst());
        return frame.map(f -> f.getClassName() + "." + f.getMethodName()
                + (f.getFileName() == null ? "" : "(" + f.getFileName() + ":" + f.getLineNumber() + ")"))
                .orElse("an unknown caller");
    }
}
