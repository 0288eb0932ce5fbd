package dev.lox.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.lox.cluster.internal.ClusterSecret;
import dev.lox.cluster.internal.HazelcastConfigs;
import dev.lox.cluster.internal.MemberRuntime;
import dev.lox.cluster.internal.MessageBound;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A member JVM's main: starts a Hazelcast member that runs lox calls on its executor, for
 * {@code local:N} (which lox starts) or from a configuration file ({@code java -jar lox-agent.jar
 * member}, which starts this in a JVM with the application's class path).
 *
 * <p>It refuses to start without a shared secret ({@link ClusterSecret}): every call it is sent must
 * be signed with it. It exits when the JVM that started it dies, however it dies (the parent's process
 * handle, and for {@code local:N} also its stdin, a pipe from the driver that the kernel closes when
 * the driver goes, even on SIGKILL).
 *
 * <p>Arguments: {@code --config FILE} or {@code --local PORT --ports P1,P2,... --cluster-name NAME};
 * then {@code [--parent PID] [--watch-stdin] [--threads N]}.
 */
public final class MemberMain {
    /** Exit code of a member that refused to start (bad arguments, no secret). */
    public static final int REFUSED = 2;
    /** Exit code of a member whose start failed. */
    static final int FAILED = 70;
    /** Calls a member runs at once, unless {@code --threads} or this property says: one per processor. */
    public static final String THREADS = "lox.cluster.memberThreads";

    private MemberMain() {
    }

    public static void main(String[] args) {
        Arguments a;
        ClusterSecret secret;
        long maxMessageBytes;
        try {
            a = Arguments.parse(args);
            secret = ClusterSecret.configured(System.getenv(), System.getProperty(ClusterSecret.FILE_PROPERTY));
            maxMessageBytes = MessageBound.fromSystemProperties();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("lox member: " + e.getMessage());
            System.exit(REFUSED);
            return;
        }
        a.parent.ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
        if (a.watchStdin) {
            watchStdin();
        }
        quietLogging(a.watchStdin);
        MemberRuntime runtime = MemberRuntime.install(secret, maxMessageBytes);
        try {
            Config config = a.file != null ? HazelcastConfigs.fileMember(a.file, a.threads)
                    : HazelcastConfigs.localMember(a.clusterName, a.port, a.ports, a.threads);
            HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
            String address = member.getCluster().getLocalMember().getAddress().toString();
            runtime.named("member " + address);
            if (!a.watchStdin) { // a member started by hand says it is up; local:N's members stay quiet
                System.err.println("lox member: " + address + " of cluster " + config.getClusterName() + " serves lox calls, "
                    + a.threads + " at a time");
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("lox member: could not start: " + e);
            e.printStackTrace();
            Runtime.getRuntime().halt(FAILED);
        }
    }

    /**
     * Hazelcast's INFO lines, dozens a start, kept off stderr unless the user configured logging; a
     * {@code local:N} member (whose stderr is the driver's) keeps only SEVERE ones: the driver itself
     * reports a member lost, with the calls it held.
     */
    private static void quietLogging(boolean local) {
        if (System.getProperty("java.util.logging.config.file") == null && System.getProperty("java.util.logging.config.class") == null) {
            Logger.getLogger("").setLevel(local ? Level.SEVERE : Level.WARNING);
        }
    }

    private static void watchStdin() {
        Thread t = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // nothing is sent on it: its end is the message
                }
            } catch (IOException e) {
                // a broken pipe means the same as end of file
            }
            Runtime.getRuntime().halt(0);
        }, "lox-member-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    /** The member's arguments, checked. */
    static final class Arguments {
        Path file;
        int port;
        List<Integer> ports = List.of();
        String clusterName;
        Optional<ProcessHandle> parent = Optional.empty();
        boolean watchStdin;
        int threads = Integer.getInteger(THREADS, Runtime.getRuntime().availableProcessors());

        static Arguments parse(String[] args) {
            Arguments a = new Arguments();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--config" -> a.file = Path.of(value(args, ++i, arg));
                    case "--local" -> a.port = number(value(args, ++i, arg), arg);
                    case "--ports" -> {
                        List<Integer> ports = new ArrayList<>();
                        for (String p : value(args, ++i, arg).split(",")) {
                            ports.add(number(p, arg));
                        }
                        a.ports = ports;
                    }
                    case "--cluster-name" -> a.clusterName = value(args, ++i, arg);
                    case "--parent" -> {
                        long pid = number(value(args, ++i, arg), arg);
                        a.parent = ProcessHandle.of(pid);
                        if (a.parent.isEmpty()) {
                            System.exit(0); // the JVM that started this one is gone already
                        }
                    }
                    case "--watch-stdin" -> a.watchStdin = true;
                    case "--threads" -> a.threads = number(value(args, ++i, arg), arg);
                    default -> throw new IllegalArgumentException("unknown argument \"" + arg + "\" in " + Arrays.toString(args)
                            + ": start a member with java -jar lox-agent.jar member --config hazelcast.yaml -cp APPLICATION_CLASSPATH");
                }
            }
            if ((a.file == null) == (a.port == 0)) {
                throw new IllegalArgumentException("give either --config FILE or --local PORT, not " + (a.file == null ? "neither" : "both"));
            }
            if (a.threads < 1) {
                throw new IllegalArgumentException("--threads (or -D" + THREADS + ") must be 1 or more, was " + a.threads);
            }
            return a;
        }

        private static String value(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs a value after it");
            }
            return args[i];
        }

        private static int number(String text, String name) {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a whole number, got \"" + text + "\"");
            }
        }
    }
}
