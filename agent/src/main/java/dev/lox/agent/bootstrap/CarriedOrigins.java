package dev.lox.agent.bootstrap;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds an advice parameter to what marked each carried field ({@code @Lox.Carried},
 * {@code lox.conf:3}), in {@link CarriedFields}' order and separated by commas, a constant.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface CarriedOrigins {
}
