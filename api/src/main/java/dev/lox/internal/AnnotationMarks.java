package dev.lox.internal;

import dev.lox.Lox;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The one rule for what a method's lox annotations mean, for {@code Lox.of} (which reads them by
 * reflection) and for the agent (which reads them from the class file, without loading the class):
 * each side finds the annotations and their values, and this says what they make of the method.
 */
public final class AnnotationMarks {
    private AnnotationMarks() {
    }

    /**
     * What a method's annotations ask for.
     *
     * @param pool the pool a parallel annotation asks for, or null
     * @param origin how messages name that annotation ({@code @Lox.Thread(8)}), or null
     * @param gather whether the method is a gather region ({@code @Lox.Gather})
     * @param accept the hazard names {@code @Lox.Gather(accept = ...)} lists, as written
     */
    public record Marks(PoolSpec pool, String origin, boolean gather, List<String> accept) {
        public Marks {
            accept = List.copyOf(accept);
        }

        public boolean isParallel() {
            return pool != null;
        }
    }

    /**
     * Reads the annotations found on a method.
     *
     * @param parallel each parallel annotation found ({@code @Lox.Thread}, {@code @Lox.Virtual}, {@code @Lox.Process}) by the
     *     kind of pool it asks for, with its {@code value()} (its default when not written)
     * @param callTimeout {@code @Lox.Process}'s or {@code @Lox.Cluster}'s {@code callTimeout()} as written; empty if not written
     * @param gather whether {@code @Lox.Gather} is there
     * @param accept its {@code accept()} values, empty if none
     * @param where the method, as messages should name it
     * @throws IllegalArgumentException naming the method and the fix, if the method is marked with
     *     two pools, a negative size or a call timeout that is not a duration: it is then not parallel
     */
    public static Marks read(Map<PoolSpec.Kind, Integer> parallel, String callTimeout, boolean gather, List<String> accept,
            Object where) {
        if (parallel.size() > 1) {
            StringJoiner marks = new StringJoiner(" and ");
            for (PoolSpec.Kind kind : PoolSpec.Kind.values()) {
                if (parallel.containsKey(kind)) {
                    marks.add(PoolSpec.annotationName(kind));
                }
            }
            throw new IllegalArgumentException(where + " is marked both " + marks + ": keep one");
        }
        PoolSpec pool = null;
        String origin = null;
        for (Map.Entry<PoolSpec.Kind, Integer> mark : parallel.entrySet()) {
            PoolSpec.Kind kind = mark.getKey();
            int size = mark.getValue();
            if (kind == PoolSpec.Kind.PROCESS && size == Lox.Process.AVAILABLE_PROCESSORS) {
                size = PoolSpec.defaultProcesses();
            }
            pool = PoolSpec.annotated(kind, size, where);
            origin = pool.asAnnotation();
            if (PoolSpec.hasCallTimeout(kind) && !callTimeout.isEmpty()) {
                pool = pool.withCallTimeout(Timeouts.parse(PoolSpec.annotationName(kind) + "(callTimeout = \"" + callTimeout + "\") on "
                        + where + ": callTimeout", callTimeout));
            }
        }
        return new Marks(pool, origin, gather, accept);
    }
}
