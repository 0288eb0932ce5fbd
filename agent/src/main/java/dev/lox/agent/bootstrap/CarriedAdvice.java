package dev.lox.agent.bootstrap;

import dev.lox.internal.CarriedContext;
import net.bytebuddy.asm.Advice;

/**
 * Exit advice of the static initializer of a class with carried fields ({@code @Lox.Carried}, or a
 * {@code carry} rule): once the class has initialized, and only then, its ThreadLocal fields exist
 * and are handed to {@link CarriedContext}. lox so never reads a field of a class that the program
 * has not initialized itself. Suppressed: a fault here must not fail the application's class.
 */
public final class CarriedAdvice {
    private CarriedAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Origin Class<?> owner, @CarriedFields String fields, @CarriedOrigins String origins) {
        CarriedContext.register(owner, fields, origins);
    }
}
