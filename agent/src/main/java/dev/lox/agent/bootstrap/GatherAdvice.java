package dev.lox.agent.bootstrap;

import dev.lox.internal.GatherRegion;
import net.bytebuddy.asm.Advice;

/**
 * Advice of a gather region method ({@code @Lox.Gather} or a {@code gather} rule): entry opens a
 * region on this thread; exit, however the method ends, waits for every call scattered in it and
 * throws what {@link GatherRegion#exit} says: the method's own exception (the calls' failures
 * suppressed into it), else the first failed call's.
 *
 * <p>Entry is {@code suppress}ed and tells exit whether it opened a region, so a fault there
 * never closes some outer region by mistake. Exit is not suppressed: its exception is the gather's
 * result.
 */
public final class GatherAdvice {
    private GatherAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static boolean enter(@RegionName String name) {
        GatherRegion.enter(name);
        return true;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    public static void exit(@Advice.Enter boolean entered, @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (entered) {
            thrown = GatherRegion.exit(thrown);
        }
    }
}
