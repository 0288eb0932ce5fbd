package dev.lox.cluster.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a member JVM's tasks need: the secret envelopes are signed with, the largest envelope it
 * accepts ({@link MessageBound}), and the member's name for messages. Set once by {@code MemberMain}
 * before Hazelcast starts, so no task runs without it.
 */
public final class MemberRuntime {
    /** Refusals printed in full; later ones are counted, so a flood of forged calls cannot fill the log. */
    private static final int REFUSALS_PRINTED = 10;

    private static volatile MemberRuntime current;

    private final ClusterSecret secret;
    private final long maxMessageBytes;
    private volatile String name = "a lox member";
    private final AtomicInteger refusals = new AtomicInteger();

    private MemberRuntime(ClusterSecret secret, long maxMessageBytes) {
        this.secret = secret;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Sets this JVM's runtime: once, before the member starts.
     *
     * @param maxMessageBytes the largest envelope the member accepts or sends ({@link MessageBound#fromSystemProperties})
     */
    public static MemberRuntime install(ClusterSecret secret, long maxMessageBytes) {
        MemberRuntime runtime = new MemberRuntime(secret, maxMessageBytes);
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

    /** The largest envelope this member accepts: read where Hazelcast decodes a task, which may be before any runs. */
    static long maxMessageBytes() {
        MemberRuntime runtime = current;
        return runtime == null ? MessageBound.DEFAULT : runtime.maxMessageBytes;
    }

    /** The member as messages name it, once it has an address: {@code member 127.0.0.1:5701}. */
    public void named(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Says on stderr that a call was refused: the first few in full, then every hundredth. */
    void refused(RuntimeException why) {
        int n = refusals.incrementAndGet();
        if (n <= REFUSALS_PRINTED || n % 100 == 0) {
            System.err.println("lox member: " + name + " refused call " + n + " it was sent: " + why.getMessage());
        }
    }
}
