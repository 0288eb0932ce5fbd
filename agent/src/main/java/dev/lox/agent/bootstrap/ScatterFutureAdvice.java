package dev.lox.agent.bootstrap;

import dev.lox.internal.GatherRegion;
import dev.lox.internal.PlainCalls;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice of a parallel method returning {@code Future}, {@code CompletableFuture} or
 * {@code CompletionStage}: inside a gather region the call is scattered, the body skipped, and the
 * method returns the scattered call's future, which completes with what the method's own future
 * completes with. See {@link ScatterVoidAdvice} for the fast path and why nothing is suppressed.
 */
public final class ScatterFutureAdvice {
    private ScatterFutureAdvice() {
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

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    public static void exit(@Advice.Enter CompletableFuture<Object> scattered,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
            @Advice.Local("suspended") GatherRegion suspended) {
        GatherRegion.resume(suspended);
        if (scattered != null) {
            returned = scattered;
        }
    }
}
