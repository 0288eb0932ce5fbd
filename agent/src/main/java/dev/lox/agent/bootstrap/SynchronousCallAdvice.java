package dev.lox.agent.bootstrap;

import dev.lox.internal.GatherRegion;
import net.bytebuddy.asm.Advice;

/**
 * Advice of a method that holds a scattering call and is neither parallel nor a region (a private
 * helper that loops over a parallel method): when a hazardous call site asked for a synchronous
 * call ({@link GatherRegion#requestSynchronousCall}), the method runs outside the thread's regions,
 * so the calls it makes run as written, and the regions come back however it ends.
 */
public final class SynchronousCallAdvice {
    private SynchronousCallAdvice() {
    }

    @Advice.OnMethodEnter
    public static GatherRegion enter() {
        return GatherRegion.takeSynchronousRequest();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    public static void exit(@Advice.Enter GatherRegion suspended) {
        GatherRegion.resume(suspended);
    }
}
