package dev.lox.internal;

import dev.lox.function.Fn0;
import java.util.Map;

/**
 * A call as it leaves the scattering thread, when there is more to it than the call itself: the
 * context carried into it ({@link CarriedContext}) and, while a recording takes {@code dev.lox.Call}
 * events, when it was scattered. Built at scatter by {@link #of}, the one place every kind of pool
 * gets its tasks from (handles and plain calls alike), so every pool carries context the same way.
 *
 * <p>Running it sets the carried values on the running thread, runs the call, and puts back what
 * the thread held before, however the call ends: a pool thread keeps nothing of a call, and a thread
 * that runs a call in its own stead (an inline pool, a gatherer helping) gets its own context back.
 */
final class ScatterTask<R> implements Fn0<R> {
    private static final long serialVersionUID = 1L;

    private final transient Fn0<R> call;
    private final transient Carrier[] carriers;
    private final transient Object[] values;
    /** The method and pool kind, for a {@code dev.lox.Call} event; null when none is taken. */
    private final transient ParallelMethod timed;
    private final transient long scatteredNanos;

    private ScatterTask(Fn0<R> call, Carrier[] carriers, Object[] values, ParallelMethod timed, long scatteredNanos) {
        this.call = call;
        this.carriers = carriers;
        this.values = values;
        this.timed = timed;
        this.scatteredNanos = scatteredNanos;
    }

    /** The task to hand {@code method}'s pool for {@code call}: {@code call} itself when nothing is carried or timed. */
    static <R> Fn0<R> of(Fn0<R> call, ParallelMethod method) {
        Carrier[] carriers = CarriedContext.carriers();
        boolean timed = LoxEvents.callsRecorded();
        if (carriers.length == 0 && !timed) {
            return call;
        }
        return new ScatterTask<>(call, carriers, CarriedContext.capture(carriers), timed ? method : null,
                timed ? System.nanoTime() : 0);
    }

    /** The values that travel with {@code task} to a worker JVM, by name; empty if none. */
    static Map<String, Object> carriedValues(Fn0<?> task) {
        if (task instanceof ScatterTask<?> t) {
            return CarriedContext.byName(t.carriers, t.values);
        }
        return Map.of();
    }

    @Override
    public R apply() throws Exception {
        Object event = timed == null ? null : LoxEvents.beginCall();
        Object[] previous = new Object[carriers.length];
        int set = 0;
        try {
            for (; set < carriers.length; set++) {
                previous[set] = carriers[set].swapIn(values[set]);
            }
            return call.apply();
        } finally {
            while (--set >= 0) {
                carriers[set].restore(previous[set]);
            }
            if (event != null) {
                LoxEvents.endCall(event, timed, scatteredNanos);
            }
        }
    }
}
