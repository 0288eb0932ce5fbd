package dev.lox.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The thread-bound context lox carries into scattered calls: static {@code ThreadLocal} fields
 * marked {@code @Lox.Carried} or named by a {@code carry Class#FIELD} rule, and SLF4J's MDC
 * ({@code carry mdc}). Each is read on the scattering thread at scatter, set on the thread that
 * runs the call for the call only, and put back afterwards, however the call ends
 * ({@link ScatterTask}); a worker JVM receives the values and sets them on its own copy of the
 * same fields ({@link WorkerContext}).
 *
 * <p>How lox learns of a field without initializing its class early (which would change what the
 * program computes): the agent finds the annotation or rule when the class is loaded and appends a
 * call to {@link #register} to the end of the class's static initializer. So a field is carried
 * from the moment its {@code ThreadLocal} exists, and before that there is nothing to carry: no
 * thread can have set a value in a {@code ThreadLocal} that does not exist yet.
 *
 * <p>Nothing carried costs a scatter one volatile read: {@link #carriers()} is an empty array,
 * and the task goes to the pool unwrapped.
 */
public final class CarriedContext {
    private static final Carrier[] NONE = new Carrier[0];
    /** Copy-on-write; guarded by the class's lock for writes. */
    private static volatile Carrier[] carriers = NONE;

    private CarriedContext() {
    }

    /** What is carried now; empty (the same array every time) if nothing is. */
    static Carrier[] carriers() {
        return carriers;
    }

    /**
     * Called by the code the agent appends to a class's static initializer: starts carrying the
     * class's static {@code ThreadLocal} fields named. Never throws (it runs inside the
     * application's class initializer, where an exception would fail the class): a field that
     * cannot be carried is said once, as {@code lox: origin: ...}.
     *
     * @param owner the class whose initializer just ran
     * @param fields the field names, separated by commas
     * @param origins what marked each field ({@code @Lox.Carried}, {@code lox.conf:3}), same order
     */
    public static void register(Class<?> owner, String fields, String origins) {
        String[] names = fields.split(",");
        String[] whys = origins.split(",", -1);
        for (int i = 0; i < names.length; i++) {
            String why = i < whys.length ? whys[i] : "@Lox.Carried";
            try {
                ThreadLocal<?> local = staticThreadLocal(owner, names[i]);
                if (local == null) {
                    ApiLog.warnOnce(why + ": " + owner.getName() + "#" + names[i] + " is still null when its class has"
                            + " finished initializing, so it is not carried: initialize it in its declaration,"
                            + " as in static final ThreadLocal<...> " + names[i] + " = new ThreadLocal<>()");
                    continue;
                }
                carry(local, owner.getName() + "#" + names[i]);
            } catch (RuntimeException | LinkageError e) {
                ApiLog.warnOnce(why + ": " + owner.getName() + "#" + names[i] + " cannot be carried: " + e.getMessage());
            }
        }
    }

    /**
     * The value of a static {@code ThreadLocal} field, or null.
     *
     * @throws IllegalArgumentException naming the field and the fix, if it is not a static ThreadLocal
     */
    static ThreadLocal<?> staticThreadLocal(Class<?> owner, String name) {
        Field field;
        try {
            field = owner.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalArgumentException("no field " + name + " in " + owner.getName() + ": name a static ThreadLocal field of it");
        }
        if (!Modifier.isStatic(field.getModifiers()) || !ThreadLocal.class.isAssignableFrom(field.getType())) {
            throw new IllegalArgumentException("the field is " + (Modifier.isStatic(field.getModifiers()) ? "" : "an instance field of ")
                    + "type " + field.getType().getName() + ", not a static ThreadLocal: lox carries static ThreadLocal fields only");
        }
        try {
            field.setAccessible(true);
            return (ThreadLocal<?>) field.get(null);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalArgumentException("lox cannot read it (" + e + "); open its package to lox-api's module");
        }
    }

    /**
     * Carries {@code local} into every call scattered from now on, under {@code name}
     * ({@code com.example.RequestContext#CURRENT}, how it travels to worker JVMs). Carrying one
     * {@code ThreadLocal} twice (an annotation and a rule) carries it once.
     */
    public static synchronized void carry(ThreadLocal<?> local, String name) {
        if (local == null) {
            throw new NullPointerException("local");
        }
        for (Carrier c : carriers) {
            if (c instanceof ThreadLocalCarrier t && t.carries(local)) {
                return;
            }
        }
        add(new ThreadLocalCarrier(name, local));
    }

    /** Carries SLF4J's MDC into every call scattered from now on ({@code carry mdc}); see {@link MdcCarrier}. */
    public static synchronized void carryMdc(String origin) {
        for (Carrier c : carriers) {
            if (c instanceof MdcCarrier) {
                return;
            }
        }
        add(new MdcCarrier(origin));
    }

    private static void add(Carrier carrier) {
        List<Carrier> live = new ArrayList<>();
        for (Carrier c : carriers) {
            if (c.isLive()) {
                live.add(c); // the context of a class loader that is gone is dropped here
            }
        }
        live.add(carrier);
        carriers = live.toArray(NONE);
    }

    /** The names of what is carried now ({@code com.example.RequestContext#CURRENT}, {@code mdc}); for tests and messages. */
    public static List<String> carriedNames() {
        List<String> names = new ArrayList<>();
        for (Carrier c : carriers) {
            if (c.isLive()) {
                names.add(c.name());
            }
        }
        return names;
    }

    /** Stops carrying {@code local}; for tests, which share one JVM. */
    public static synchronized void stopCarrying(ThreadLocal<?> local) {
        carriers = Arrays.stream(carriers).filter(c -> !(c instanceof ThreadLocalCarrier t && t.carries(local))).toArray(Carrier[]::new);
    }

    /** Stops carrying the MDC; for tests. */
    public static synchronized void stopCarryingMdc() {
        carriers = Arrays.stream(carriers).filter(c -> !(c instanceof MdcCarrier)).toArray(Carrier[]::new);
    }

    /** Reads every carrier's value on this (the scattering) thread; null where there is none. */
    static Object[] capture(Carrier[] carriers) {
        Object[] values = new Object[carriers.length];
        for (int i = 0; i < carriers.length; i++) {
            values[i] = carriers[i].capture();
        }
        return values;
    }

    /**
     * The values that travel with a call to a worker JVM, by name; empty if none (a null value does
     * not travel: the worker's copy holds nothing between calls anyway).
     */
    static Map<String, Object> byName(Carrier[] carriers, Object[] values) {
        Map<String, Object> named = null;
        for (int i = 0; i < carriers.length; i++) {
            if (values[i] != null) {
                if (named == null) {
                    named = new HashMap<>();
                }
                named.put(carriers[i].name(), values[i]);
            }
        }
        return named == null ? Collections.emptyMap() : named;
    }
}
