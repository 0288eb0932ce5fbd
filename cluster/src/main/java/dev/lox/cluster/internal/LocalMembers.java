package dev.lox.cluster.internal;

import dev.lox.worker.internal.StderrTail;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The member JVMs of a {@code local:N} cluster: started on loopback with the application's class
 * path, each on a port of its own, and stopped when this JVM exits. A member exits by itself when
 * this JVM dies, however it dies: its stdin is a pipe from here, which the kernel closes even on
 * SIGKILL ({@code --watch-stdin}), and it watches this JVM's process handle.
 */
final class LocalMembers {
    /** How long members get to exit on their own at shutdown before they are killed. */
    private static final long STOP_MILLIS = 2_000;

    /** One member JVM. */
    record Member(int port, Process process, StderrTail stderr) {
        String address() {
            return "[" + HazelcastConfigs.LOOPBACK + "]:" + port;
        }
    }

    private final String clusterName;
    private final List<Member> members;

    private LocalMembers(String clusterName, List<Member> members) {
        this.clusterName = clusterName;
        this.members = members;
    }

    /**
     * Starts {@code n} members of a new cluster, without waiting for them to be up.
     *
     * @param threads the calls each member runs at once
     */
    static LocalMembers start(int n, int threads, ClusterSecret secret, List<String> applicationClassPath) throws IOException {
        String clusterName = "lox-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
        List<Integer> ports = freeLoopbackPorts(n);
        List<Member> members = new ArrayList<>();
        LocalMembers local = new LocalMembers(clusterName, members);
        try {
            for (int port : ports) {
                List<String> args = new ArrayList<>(List.of("--local", Integer.toString(port), "--ports", join(ports),
                        "--cluster-name", clusterName, "--parent", Long.toString(ProcessHandle.current().pid()), "--watch-stdin",
                        "--threads", Integer.toString(threads)));
                ProcessBuilder builder = MemberCommand.builder(MemberCommand.of(applicationClassPath, args))
                        .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                        .redirectInput(ProcessBuilder.Redirect.PIPE)
                        .redirectError(ProcessBuilder.Redirect.PIPE);
                // The secret goes in the environment, which only this user can read, never on the command line.
                builder.environment().put(ClusterSecret.ENVIRONMENT, secret.text());
                builder.environment().remove(ClusterSecret.FILE_ENVIRONMENT);
                Process process = builder.start();
                members.add(new Member(port, process, new StderrTail(process.getErrorStream(), "lox-member-stderr-" + port, System.err)));
            }
        } catch (IOException | RuntimeException e) {
            local.stop();
            throw e;
        }
        return local;
    }

    String clusterName() {
        return clusterName;
    }

    List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        for (Member m : members) {
            ports.add(m.port());
        }
        return ports;
    }

    List<Member> members() {
        return members;
    }

    /** The member JVM listening on {@code port}, or null. */
    Member byPort(int port) {
        for (Member m : members) {
            if (m.port() == port) {
                return m;
            }
        }
        return null;
    }

    /** The first member whose JVM has exited, or null. */
    Member exited() {
        for (Member m : members) {
            if (!m.process().isAlive()) {
                return m;
            }
        }
        return null;
    }

    /** Ends every member: their stdin closed (they halt on its end), then SIGKILL for any still up after {@value #STOP_MILLIS} ms. */
    void stop() {
        for (Member m : members) {
            OutputStream stdin = m.process().getOutputStream();
            try {
                stdin.close();
            } catch (IOException e) {
                // already closed
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_MILLIS);
        for (Member m : members) {
            try {
                if (!m.process().waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    m.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                m.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Ports free on loopback now. Another program may take one before its member binds it; the member
     * then fails to start, and says so.
     */
    private static List<Integer> freeLoopbackPorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private static String join(List<Integer> ports) {
        StringBuilder b = new StringBuilder();
        for (int p : ports) {
            b.append(b.length() == 0 ? "" : ",").append(p);
        }
        return b.toString();
    }
}
