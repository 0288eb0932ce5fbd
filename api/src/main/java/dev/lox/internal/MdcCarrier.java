package dev.lox.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;

/**
 * Carries SLF4J's MDC ({@code carry mdc}), reached through method handles so that lox-api needs no
 * SLF4J to compile or run: an application without SLF4J never loads a class of it.
 *
 * <p>MDC is found on the first scatter after it was asked for, not earlier: its class initializer
 * binds SLF4J's provider (and may print SLF4J's own warnings), which must happen when the
 * application first logs, not when lox starts. It is looked up from lox-api's class loader, then
 * from the scattering thread's context class loader (a Spring Boot fat jar keeps SLF4J there).
 */
final class MdcCarrier implements Carrier {
    /**
     * Built at run time: the agent jar relocates its own SLF4J (Chronicle's logging) to
     * {@code dev.lox.shaded}, and the shade plugin rewrites every string constant that names an
     * {@code org.slf4j} class too; this one must keep naming the application's MDC.
     */
    private static final String MDC = String.join(".", "org", "slf4j", "MDC");

    private final String origin;
    private volatile Handles handles;
    private volatile boolean missing;

    private record Handles(MethodHandle copy, MethodHandle set, MethodHandle clear) {
    }

    /** @param origin what asked for it ({@code lox.conf:2}), for the message if MDC cannot be found */
    MdcCarrier(String origin) {
        this.origin = origin;
    }

    @Override
    public String name() {
        return "mdc";
    }

    @Override
    public Object capture() {
        Handles h = handles();
        if (h == null) {
            return null;
        }
        try {
            Object map = h.copy.invokeExact();
            return map == null || ((Map<?, ?>) map).isEmpty() ? null : map;
        } catch (Throwable t) {
            throw new IllegalStateException("lox could not read SLF4J's MDC to carry it into a call: " + t, t);
        }
    }

    @Override
    public Object swapIn(Object value) {
        Handles h = handles();
        if (h == null) {
            return null;
        }
        Object previous = capture();
        set(h, value);
        return previous;
    }

    @Override
    public void restore(Object previous) {
        Handles h = handles();
        if (h != null) {
            set(h, previous);
        }
    }

    private static void set(Handles h, Object value) {
        try {
            if (value == null) {
                h.clear.invokeExact();
            } else {
                h.set.invokeExact((Map<?, ?>) value);
            }
        } catch (Throwable t) {
            throw new IllegalStateException("lox could not set SLF4J's MDC for a call: " + t, t);
        }
    }

    @Override
    public boolean isLive() {
        return !missing;
    }

    private Handles handles() {
        Handles h = handles;
        if (h == null && !missing) {
            synchronized (this) {
                h = handles;
                if (h == null && !missing) {
                    h = find();
                    handles = h;
                    missing = h == null;
                }
            }
        }
        return h;
    }

    private Handles find() {
        Class<?> mdc = load(MdcCarrier.class.getClassLoader());
        if (mdc == null) {
            mdc = load(Thread.currentThread().getContextClassLoader());
        }
        if (mdc == null) {
            ApiLog.warnOnce("carry mdc (" + origin + "): SLF4J's " + MDC + " is not on the class path, so no MDC is carried into calls;"
                    + " add SLF4J to the application, or remove the rule");
            return null;
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            return new Handles(
                    lookup.findStatic(mdc, "getCopyOfContextMap", MethodType.methodType(Map.class))
                            .asType(MethodType.methodType(Object.class)),
                    lookup.findStatic(mdc, "setContextMap", MethodType.methodType(void.class, Map.class)),
                    lookup.findStatic(mdc, "clear", MethodType.methodType(void.class)));
        } catch (ReflectiveOperationException e) {
            ApiLog.warnOnce("carry mdc (" + origin + "): " + mdc.getName() + " of " + mdc.getClassLoader()
                    + " lacks getCopyOfContextMap, setContextMap or clear (SLF4J 1.7 or later has them), so no MDC is carried: " + e);
            return null;
        }
    }

    private static Class<?> load(ClassLoader loader) {
        if (loader == null) {
            return null;
        }
        try {
            return Class.forName(MDC, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "mdc (" + origin + ")";
    }
}
