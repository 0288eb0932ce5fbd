package dev.lox.cluster.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a member JVM's tasks need: the secret envelopes are signed with, and the member's name for
 * messages. Set once by {@code MemberMain} before Hazelcast starts, so no task runs without it.
 */
public final class MemberRuntime {
    /** Refusals printed in full; later ones are counted, so a flood of forged calls cannot fill the log. */
    private static final int REFUSALS_PRINTED = 10;

    private static volatile MemberRuntime current;

    private final ClusterSecret secret;
    private volatile String name = "a lox member";
    private final AtomicInteger refusals = new AtomicInteger();

    private MemberRuntime(ClusterSecret secret) {
        this.secret = secret;
    }

    /** Sets this JVM's runtime: once, before the member starts. */
    public static MemberRuntime install(ClusterSecret secret) {
        MemberRuntime runtime = new MemberRuntime(secret);
        current = runtime;
        return runtime;
    }

    static MemberRuntime current() {
        MemberRuntime runtime = current;
        if (runtime == null) {
            throw new IllegalStateException("this Hazelcast member was not started by lox (java -jar lox-agent.jar member ...),"
                    + " so it has no cluster secret and refuses lox calls");
        }
        return runtime;
    }

    ClusterSecret secret() {
        return secret;
    }

    /** The member as messages name it, once it has an address: {@code member 127.0.0.1:5701}. */
    public void named(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Says on stderr that a call was refused: the first few in full, then every hundredth. */
    void refused(SecurityException why) {
        int n = refusals.incrementAndGet();
        if (n <= REFUSALS_PRINTED || n % 100 == 0) {
            System.err.println("lox member: " + name + " refused call " + n + " it was sent: " + why.getMessage());
        }
    }
}
