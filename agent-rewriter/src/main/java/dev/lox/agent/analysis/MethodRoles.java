package dev.lox.agent.analysis;

import dev.lox.agent.config.Hazard;
import java.util.Set;

/**
 * What the analysis asks of the rules and annotations: the agent answers from what it has seen
 * (config rules, and the annotations of classes loaded or read so far), {@code check} from the
 * whole class path.
 */
public interface MethodRoles extends ForeignRoles {
    /**
     * Whether a plain call of the method can be scattered: it is parallel (a rule or an annotation)
     * and returns {@code void}, {@code Future}, {@code CompletableFuture} or {@code CompletionStage}.
     */
    @Override
    boolean isScatterable(MethodKey method);

    /**
     * Whether a method of another class holds a call site that scatters (a call of it is a scattered
     * call for its caller's hazards). The analysis finds those of the class it reads by itself.
     */
    @Override
    boolean holdsScatteringCall(MethodKey method);

    /** Whether the method is a gather region ({@code @Lox.Gather} or a {@code gather} rule). */
    boolean isRegion(MethodKey method);

    /**
     * The hazards accepted for a call of {@code callee} made in {@code caller}: those the caller's
     * gather rule or {@code @Lox.Gather} accepts, and those the callee's parallel rule accepts.
     */
    Set<Hazard> accepted(MethodKey caller, MethodKey callee);
}
