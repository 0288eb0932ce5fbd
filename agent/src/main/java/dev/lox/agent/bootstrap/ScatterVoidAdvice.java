package dev.lox.agent.bootstrap;

import dev.lox.internal.GatherRegion;
import dev.lox.internal.PlainCalls;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;

/**
 * Entry advice of a parallel {@code void} method: inside a gather region the call is scattered and
 * the body skipped; outside one the body runs as written. A call from a call site the agent found
 * hazardous runs as written even in a region, outside it (see {@code GatherRegion.takeSynchronousRequest}).
 *
 * <p>The region test comes first, and the argument array is built only after it: Byte Buddy
 * materialises {@code @AllArguments} where the advice reads it, so a call outside a region costs one
 * volatile read and a branch. Not {@code suppress}ed: a call that cannot be scattered (an argument
 * that cannot travel to a worker JVM) fails at the call, as {@code Handle.scatter} does, rather
 * than silently running in the caller.
 */
public final class ScatterVoidAdvice {
    private ScatterVoidAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    public static CompletableFuture<Object> enter(@MethodId int id, @Advice.This(optional = true) Object self,
            @Advice.AllArguments Object[] arguments, @Advice.Local("suspended") GatherRegion suspended) {
        if (GatherRegion.current() == null) {
            return null;
        }
        suspended = GatherRegion.takeSynchronousRequest();
        if (suspended != null) {
            return null; // a hazardous call site: the body runs as written, outside the regions
        }
        return PlainCalls.scatterIfInRegion(id, self, arguments);
    }

    /** Gives back the regions a hazardous call site's synchronous call took the thread out of. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    public static void exit(@Advice.Local("suspended") GatherRegion suspended) {
        GatherRegion.resume(suspended);
    }
}
