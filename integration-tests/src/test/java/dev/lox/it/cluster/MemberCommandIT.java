package dev.lox.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.it.Jvm;
import dev.lox.it.JvmOutput;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar lox-agent.jar member --config hazelcast.yaml -cp app.jar}, as a user starts a member on
 * another machine (here on loopback), and a driver JVM pointed at the same configuration file: the calls run
 * on that member, signed with the secret both are given.
 */
class MemberCommandIT {
    private static final long BOUND_SECONDS = 180;
    private static final String SECRET = "member-it-secret-" + Long.toHexString(System.nanoTime());

    @Test
    void aDriverNamingTheMembersConfigurationRunsItsCallsOnThatMember(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path config = dir.resolve("hazelcast.yaml");
        Files.writeString(config, memberConfig("lox-member-it-" + port, "127.0.0.1", port));
        Process launcher = Jvm.java().jar(Jvm.AGENT_JAR, "member", "--config", config.toString(), "-cp",
                ClusterModeIT.testClasses().toString(), "--threads", "2").env("LOX_CLUSTER_SECRET", SECRET).start();
        JvmOutput stderr = new JvmOutput(launcher.getErrorStream(), "serves lox calls");
        try {
            stderr.awaitLine(BOUND_SECONDS);
            Set<String> memberJvms = launcher.descendants().map(p -> Long.toString(p.pid())).collect(Collectors.toSet());
            assertEquals(1, memberJvms.size(), "the launcher runs the member in one JVM of its own: " + memberJvms);
            Jvm.Result driver = Jvm.java().agent(null).jvmArg("-Dlox.cluster=" + config).classPath(ClusterModeIT.testClasses())
                    .env("LOX_CLUSTER_SECRET", SECRET).main(MemberApp.class, "12").timeoutSeconds(BOUND_SECONDS).run();
            assertEquals(0, driver.exitCode(), driver::toString);
            assertTrue(driver.stdout().contains("answered by " + new java.util.TreeSet<>(memberJvms)), driver + "\nmember: " + stderr);
            assertTrue(driver.stdout().contains("results right true"), driver::toString);
        } finally {
            stop(launcher);
        }
    }

    @Test
    void theMemberRefusesToStartWithoutASecretOnAnInterfaceOffLoopback(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("hazelcast.yaml");
        Files.writeString(config, memberConfig("lox-member-it-open", "10.0.0.11", 5701));
        Jvm.Result r = Jvm.java().jar(Jvm.AGENT_JAR, "member", "--config", config.toString(), "-cp",
                ClusterModeIT.testClasses().toString()).env("LOX_CLUSTER_SECRET", null).env("LOX_CLUSTER_SECRET_FILE", null)
                .timeoutSeconds(BOUND_SECONDS).run();
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("lox member: no shared secret: a cluster off this machine's loopback needs one, the same on"
                + " every member and on the driver, to sign every call"), r::toString);
        assertTrue(r.stderr().contains("set LOX_CLUSTER_SECRET (at least 16 characters), or LOX_CLUSTER_SECRET_FILE"), r::toString);
    }

    static String memberConfig(String clusterName, String address, int port) {
        return """
                hazelcast:
                  cluster-name: %s
                  properties:
                    hazelcast.socket.bind.any: false
                  network:
                    port: { port: %d, auto-increment: false }
                    interfaces: { enabled: true, interfaces: [ %s ] }
                    join:
                      multicast: { enabled: false }
                      auto-detection: { enabled: false }
                      tcp-ip: { enabled: true, member-list: [ "%s:%d" ] }
                """.formatted(clusterName, port, address, address, port);
    }

    static void stop(Process launcher) throws InterruptedException {
        launcher.descendants().forEach(ProcessHandle::destroyForcibly);
        launcher.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
}
