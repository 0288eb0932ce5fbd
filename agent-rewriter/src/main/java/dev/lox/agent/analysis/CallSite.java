package dev.lox.agent.analysis;

import dev.lox.agent.config.Hazard;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A call, in one method, of a method whose plain calls scatter inside a gather region: a
 * scatterable parallel method, or a method that itself holds such a call.
 *
 * @param callerClass the binary name of the class holding the call
 * @param callerMethod the name of the method holding the call
 * @param callerDescriptor its descriptor
 * @param line the source line of the call, or -1 if the class has no line numbers
 * @param callee the method called, as the instruction names it
 * @param kind whether the callee is parallel itself, or holds a scattering call
 * @param hazards what could make scattering this call change what the caller computes
 * @param accepted the hazards the rules accept for this call (a subset of what they name)
 * @param callIndex the call's position among the method-call instructions of its method
 *     (0-based, in class file order), so a rewriter can find it again
 */
public record CallSite(String callerClass, String callerMethod, String callerDescriptor, int line, MethodKey callee,
        Kind kind, Set<Hazard> hazards, Set<Hazard> accepted, int callIndex) {

    /** What the callee is. */
    public enum Kind {
        /** A parallel method that returns void or a future: the call itself scatters. */
        PARALLEL,
        /** A method holding a scattering call site: the calls it makes scatter. */
        SCATTERING_METHOD
    }

    public CallSite {
        Objects.requireNonNull(callerClass, "callerClass");
        Objects.requireNonNull(callerMethod, "callerMethod");
        Objects.requireNonNull(callerDescriptor, "callerDescriptor");
        Objects.requireNonNull(callee, "callee");
        Objects.requireNonNull(kind, "kind");
        hazards = hazards.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(hazards));
        accepted = accepted.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(accepted));
    }

    /** The method holding the call. */
    public MethodKey caller() {
        return new MethodKey(callerClass, callerMethod, callerDescriptor);
    }

    /** The hazards found and not accepted, in declaration order. */
    public Set<Hazard> unaccepted() {
        EnumSet<Hazard> left = EnumSet.noneOf(Hazard.class);
        for (Hazard hazard : Hazard.values()) {
            if (hazards.contains(hazard) && !accepted.contains(hazard)) {
                left.add(hazard);
            }
        }
        return left;
    }

    /** Whether the call scatters inside a region: no hazard, or every hazard accepted. */
    public boolean scatters() {
        return unaccepted().isEmpty();
    }

    /** {@code com.example.Batch.run:12}, as messages name a call site. */
    public String where() {
        String simple = callerClass.substring(callerClass.lastIndexOf('.') + 1);
        return simple + "." + callerMethod + (line >= 0 ? ":" + line : "");
    }
}
