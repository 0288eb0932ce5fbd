package dev.lox.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker JVM's side of carried context: a call arrives with the values its parent carried
 * ({@link CarriedContext}, by the fields' names), and runs with them set on this JVM's copies of the
 * same fields, which are removed afterwards. A class of its own so that the parent, whose every
 * first scatter asks {@link CarriedContext} what is carried, never loads the worker's side.
 */
public final class WorkerContext {
    /** The fields a parent's values are set on, by name. */
    private static final Map<String, ThreadLocal<Object>> FIELDS = new ConcurrentHashMap<>();

    private WorkerContext() {
    }

    /**
     * Runs {@code call} in a worker JVM with the values a parent carried set on this JVM's copies of
     * their fields (their classes, found by {@code loader}, are initialized here if they were not),
     * and removes them afterwards, however the call ends.
     *
     * @throws IllegalStateException naming the field, if a value's field cannot be found here
     */
    public static <T> T callWith(Map<String, Object> values, ClassLoader loader, WorkerCall<T> call) throws Throwable {
        if (values == null || values.isEmpty()) {
            return call.call();
        }
        List<Carrier> set = new ArrayList<>(values.size());
        List<Object> previous = new ArrayList<>(values.size());
        try {
            for (Map.Entry<String, Object> e : values.entrySet()) {
                Carrier c = workerCarrier(e.getKey(), loader);
                previous.add(c.swapIn(e.getValue()));
                set.add(c);
            }
            return call.call();
        } finally {
            for (int i = set.size() - 1; i >= 0; i--) {
                set.get(i).restore(previous.get(i));
            }
        }
    }

    /** A call a worker JVM runs: a method invoked by reflection, which may throw anything. */
    @FunctionalInterface
    public interface WorkerCall<T> {
        T call() throws Throwable;
    }

    private static Carrier workerCarrier(String name, ClassLoader loader) {
        if (name.equals("mdc")) {
            return WorkerMdc.CARRIER;
        }
        ThreadLocal<Object> local = FIELDS.computeIfAbsent(name, n -> workerField(n, loader));
        return new ThreadLocalCarrier(name, local);
    }

    /**
     * A worker's MDC carrier, made when the worker first gets a parent's MDC (a holder: a worker
     * whose calls carry only fields never loads {@link MdcCarrier}).
     */
    private static final class WorkerMdc {
        static final MdcCarrier CARRIER = new MdcCarrier("the parent JVM's carry mdc");
    }

    @SuppressWarnings("unchecked")
    private static ThreadLocal<Object> workerField(String name, ClassLoader loader) {
        int hash = name.indexOf('#');
        String className = name.substring(0, hash);
        try {
            Class<?> owner = Class.forName(className, true, loader);
            ThreadLocal<?> local = CarriedContext.staticThreadLocal(owner, name.substring(hash + 1));
            if (local == null) {
                throw new IllegalStateException("the carried field " + name + " is null in the worker JVM");
            }
            return (ThreadLocal<Object>) local;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the carried field " + name + " cannot be set in the worker JVM: "
                    + className + " is not on its class path", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the carried field " + name + " cannot be set in the worker JVM: " + e.getMessage(), e);
        }
    }
}
