package dev.lox.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.it.Jvm;
import dev.lox.it.JvmOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members on three hosts, each a network namespace on a bridge of its own ({@code ip netns}, veth pairs), each
 * started by {@code java -jar lox-agent.jar member}; the driver in the root namespace. Once the batch is under
 * way, one host's link is cut ({@code ip link set ... down}): every call ends with its right result, run again on
 * the others, and the driver finishes within its bound. Needs root and {@code ip netns}; skipped, saying why,
 * where they are missing.
 *
 * <p>The driver is given the members' configuration file, so its client notices the cut by lox's heartbeat
 * timeout (20 s); with {@code -Dlox.it.clientHeartbeatMillis=N} it is given a client configuration file setting
 * {@code hazelcast.client.heartbeat.timeout} to N ms instead. The test prints how long the driver took to gather
 * after the cut: the figure docs/cluster.md gives.
 */
class ClusterHostsIT {
    private static final long BOUND_SECONDS = 300;
    private static final String SECRET = "hosts-it-secret-" + Long.toHexString(System.nanoTime());
    private static final int CALLS = 60;
    /** Names of this run's own (interfaces are at most 15 characters), so that two runs on one machine do not meet. */
    private static final String ID = Long.toString(ProcessHandle.current().pid() % 100_000);
    private static final String SUBNET = "10.213." + (ProcessHandle.current().pid() % 250) + ".";
    private static final String BRIDGE = "lxbr" + ID;
    private static final List<String> HOSTS = List.of("h1", "h2", "h3");
    private static final List<String> made = new ArrayList<>(); // what to undo, in reverse

    static String namespace(String host) {
        return "lox" + ID + host;
    }

    static String veth(String host) {
        return "lxv" + ID + host;
    }

    static String address(int i) {
        return SUBNET + (11 + i);
    }

    @BeforeAll
    static void makeTheHosts() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: the hosts are network namespaces, which only root can make (user " + System.getProperty("user.name") + ")");
        String probe = "lox" + ID + "probe";
        Assumptions.assumeTrue(ip("netns", "add", probe) == 0 && ip("netns", "del", probe) == 0,
                "skipped: ip netns add failed here (no ip command, or no CAP_SYS_ADMIN in this container)");
        must("link", "add", BRIDGE, "type", "bridge");
        made.add("link del " + BRIDGE);
        must("addr", "add", SUBNET + "1/24", "dev", BRIDGE);
        must("link", "set", BRIDGE, "up");
        for (int i = 0; i < HOSTS.size(); i++) {
            String host = HOSTS.get(i);
            String ns = namespace(host);
            must("netns", "add", ns);
            made.add("netns del " + ns);
            must("link", "add", veth(host), "type", "veth", "peer", "name", "eth0", "netns", ns);
            made.add("link del " + veth(host));
            must("link", "set", veth(host), "master", BRIDGE, "up");
            must("-n", ns, "addr", "add", address(i) + "/24", "dev", "eth0");
            must("-n", ns, "link", "set", "eth0", "up");
            must("-n", ns, "link", "set", "lo", "up");
        }
    }

    @AfterAll
    static void removeTheHosts() throws Exception {
        for (String host : HOSTS) {
            killAllIn(namespace(host));
        }
        for (int i = made.size() - 1; i >= 0; i--) {
            ip(made.get(i).split(" "));
        }
        made.clear();
    }

    @Test
    void aHostCutOffMidBatchLosesNoCall(@TempDir Path dir) throws Exception {
        List<Process> launchers = new ArrayList<>();
        List<JvmOutput> outputs = new ArrayList<>();
        Process driver = null;
        try {
            for (int i = 0; i < HOSTS.size(); i++) {
                Path config = dir.resolve(HOSTS.get(i) + ".yaml");
                Files.writeString(config, config(address(i)));
                List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace(HOSTS.get(i))));
                command.addAll(Jvm.java().jar(Jvm.AGENT_JAR, "member", "--config", config.toString(), "-cp",
                        ClusterModeIT.testClasses().toString(), "--threads", "2").command());
                ProcessBuilder builder = new ProcessBuilder(command);
                builder.environment().put("LOX_CLUSTER_SECRET", SECRET);
                builder.environment().put("LOX_IT_HOST", HOSTS.get(i));
                Process launcher = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                launchers.add(launcher);
                outputs.add(new JvmOutput(launcher.getErrorStream(), "serves lox calls"));
            }
            for (JvmOutput output : outputs) {
                output.awaitLine(BOUND_SECONDS);
            }
            Path driverConfig = dir.resolve("driver.yaml");
            String heartbeat = System.getProperty("lox.it.clientHeartbeatMillis");
            Files.writeString(driverConfig, heartbeat == null ? config(SUBNET + "1") : clientConfig(Integer.parseInt(heartbeat)));
            driver = Jvm.java().agent(null).jvmArg("-Dlox.cluster=" + driverConfig).classPath(ClusterModeIT.testClasses())
                    .env("LOX_CLUSTER_SECRET", SECRET).main(HostsApp.class, Integer.toString(CALLS)).start();
            JvmOutput stdout = new JvmOutput(driver.getInputStream(), "under way");
            JvmOutput stderr = new JvmOutput(driver.getErrorStream(), null);
            stdout.awaitLine(BOUND_SECONDS);
            must("link", "set", veth("h2"), "down"); // h2's cable pulled: no reset, its packets just stop
            try (OutputStream in = driver.getOutputStream()) {
                in.write("cut\n".getBytes(StandardCharsets.UTF_8));
            }
            assertTrue(driver.waitFor(BOUND_SECONDS, TimeUnit.SECONDS), "the driver finished within its bound:\n" + stdout + stderr);
            stdout.awaitEnd(BOUND_SECONDS);
            stderr.awaitEnd(BOUND_SECONDS);
            String report = "driver exit " + driver.exitValue() + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
            System.out.println("ClusterHostsIT: " + report); // the time the cut took to be noticed is the figure docs/cluster.md gives
            assertEquals(0, driver.exitValue(), report);
            assertTrue(stdout.toString().contains("told cut"), report);
            assertTrue(stdout.toString().contains("results " + CALLS + " right true"), "every call ended with its right result: " + report);
            assertTrue(stdout.toString().matches("(?s).*answered by \\{h1=\\d+, h2=\\d+, h3=\\d+}.*")
                    || stdout.toString().matches("(?s).*answered by \\{h1=\\d+, h3=\\d+}.*"), "the hosts left answered: " + report);
        } finally {
            if (driver != null) {
                driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            for (Process launcher : launchers) {
                MemberCommandIT.stop(launcher);
            }
        }
    }

    /** A member's configuration on the host at {@code address}, the three hosts its members; the driver reads the same list. */
    static String config(String address) {
        return """
                hazelcast:
                  cluster-name: lox-hosts-%s
                  properties:
                    hazelcast.socket.bind.any: false
                  network:
                    port: { port: 5701, auto-increment: false }
                    interfaces: { enabled: true, interfaces: [ %s ] }
                    join:
                      multicast: { enabled: false }
                      auto-detection: { enabled: false }
                      tcp-ip: { enabled: true, member-list: [ "%s:5701", "%s:5701", "%s:5701" ] }
                """.formatted(ID, address, address(0), address(1), address(2));
    }

    /** The driver's client configuration, the three hosts its members, with its own heartbeat timeout. */
    static String clientConfig(int heartbeatMillis) {
        return """
                hazelcast-client:
                  cluster-name: lox-hosts-%s
                  properties:
                    hazelcast.client.heartbeat.timeout: %d
                  network:
                    cluster-members: [ "%s:5701", "%s:5701", "%s:5701" ]
                """.formatted(ID, heartbeatMillis, address(0), address(1), address(2));
    }

    private static void must(String... args) throws IOException, InterruptedException {
        int code = ip(args);
        if (code != 0) {
            throw new IllegalStateException("ip " + String.join(" ", args) + " failed with exit code " + code);
        }
    }

    /** Runs {@code ip args...}, bounded; its exit code, or -1 if there is no ip command. */
    static int ip(String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Kills what this test started in a namespace of its own (its members, if they outlived their launchers). */
    private static void killAllIn(String ns) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("ip", "netns", "pids", ns).redirectErrorStream(true).start();
            String pids = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            for (String pid : pids.split("\\s+")) {
                if (pid.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (IOException e) {
            // no namespace: nothing in it
        }
    }
}
