package example.hidden;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/** A run-time annotation whose class the test's child-first loader hides, as a missing optional jar would. */
@Retention(RetentionPolicy.RUNTIME)
public @interface Foreign {
}
