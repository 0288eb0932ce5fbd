package dev.lox.agent.analysis;

/**
 * The part of {@link MethodRoles} about other classes' methods. The analysis asks it while it reads
 * a class file, to keep only the methods that hold a call worth analysing; it does not depend on
 * the class being read (whose own roles come from that same read), so it can be answered before them.
 * For a method of another class, a {@link MethodRoles} must answer as its {@code ForeignRoles} does.
 */
public interface ForeignRoles {
    /** As {@link MethodRoles#isScatterable}, for a method of another class. */
    boolean isScatterable(MethodKey method);

    /** As {@link MethodRoles#holdsScatteringCall}. */
    boolean holdsScatteringCall(MethodKey method);
}
