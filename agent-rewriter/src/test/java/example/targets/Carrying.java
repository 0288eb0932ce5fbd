package example.targets;

import dev.lox.Lox;

/** Carried fields, by annotation and by config rule, and fields that cannot be carried. */
public class Carrying {
    @Lox.Carried
    public static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

    /** Carried by a rule in the tests. */
    public static final InheritableThreadLocal<String> TENANT = new InheritableThreadLocal<>();

    @Lox.Carried
    public final ThreadLocal<String> perInstance = new ThreadLocal<>();

    @Lox.Carried
    public static String notALocal = "x";

    /** Set by the class initializer, so a test can tell whether the class has initialized. */
    public static boolean initialized;

    static {
        initialized = true;
    }

    public static String read() {
        return REQUEST.get() + "/" + TENANT.get();
    }
}
