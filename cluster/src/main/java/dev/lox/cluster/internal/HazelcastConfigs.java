package dev.lox.cluster.internal;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.XmlClientConfigBuilder;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Hazelcast configurations lox runs with: a member's ({@code local:N}'s, or the user's file with
 * lox's settings added) and the driver's client's. lox's settings, and why: an executor named
 * {@value #EXECUTOR} for lox's calls, sized by the member (unless the file sizes it); its
 * serialization ({@link LoxSerialization}); phone-home off (lox never phones home); metrics off
 * (nobody reads them, and they cost a thread).
 */
public final class HazelcastConfigs {
    /** The executor lox's calls run on, on every member. */
    public static final String EXECUTOR = "lox";
    static final String LOOPBACK = "127.0.0.1";
    /** How long the driver's client waits for a member's heartbeat before it drops the connection (Hazelcast's default: 60 s). */
    static final String CLIENT_HEARTBEAT_TIMEOUT = "hazelcast.client.heartbeat.timeout";
    /** Clients made in this JVM, for their names: a JVM may drive two clusters. */
    private static final java.util.concurrent.atomic.AtomicInteger CLIENTS = new java.util.concurrent.atomic.AtomicInteger();

    private HazelcastConfigs() {
    }

    /**
     * A member of a {@code local:N} cluster: bound to loopback only, on {@code port}, finding the
     * others at {@code ports} over TCP (no multicast), joining at once.
     */
    public static Config localMember(String clusterName, int port, List<Integer> ports, int threads) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setInstanceName("lox-member-" + port);
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(LOOPBACK);
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.local.localAddress", LOOPBACK);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(addresses(ports));
        // The members start together, on one machine: nothing to wait for before joining.
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        return loxSettings(config, threads);
    }

    /** A member from the user's configuration file, with lox's settings added. */
    public static Config fileMember(Path file, int threads) throws IOException {
        return loxSettings(Config.loadFromFile(file.toFile()), threads);
    }

    private static Config loxSettings(Config config, int threads) {
        if (!config.getExecutorConfigs().containsKey(EXECUTOR)) {
            config.getExecutorConfig(EXECUTOR).setPoolSize(threads);
        }
        LoxSerialization.apply(config.getSerializationConfig());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getMetricsConfig().setEnabled(false);
        return config;
    }

    /** The driver's client of a {@code local:N} cluster. */
    public static ClientConfig localClient(String clusterName, List<Integer> ports) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        config.getNetworkConfig().setAddresses(addresses(ports));
        return clientSettings(config);
    }

    /**
     * The driver's client of the cluster a file configures: the file itself if it is a client's
     * ({@code hazelcast-client} root), else a client of the cluster name and the TCP member list of
     * the member configuration it holds.
     *
     * @throws IllegalArgumentException if a member configuration lists no members to connect to
     */
    public static ClientConfig fileClient(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        boolean xml = file.toString().toLowerCase(Locale.ROOT).endsWith(".xml");
        if (text.contains("hazelcast-client")) {
            File f = file.toFile();
            return clientSettings(xml ? new XmlClientConfigBuilder(f).build() : new YamlClientConfigBuilder(f).build());
        }
        Config member = Config.loadFromFile(file.toFile());
        List<String> members = member.getNetworkConfig().getJoin().getTcpIpConfig().getMembers();
        if (members.isEmpty()) {
            throw new IllegalArgumentException(file + " lists no members in network.join.tcp-ip.member-list, so lox's driver cannot"
                    + " tell where to connect: list the members' addresses there, or give lox a client configuration"
                    + " (a hazelcast-client.yaml with cluster-name and network.cluster-members)");
        }
        ClientConfig config = new ClientConfig();
        config.setClusterName(member.getClusterName());
        config.getNetworkConfig().setAddresses(new ArrayList<>(members));
        return clientSettings(config);
    }

    private static ClientConfig clientSettings(ClientConfig config) {
        config.setInstanceName("lox-driver-" + ProcessHandle.current().pid() + "-" + CLIENTS.incrementAndGet());
        LoxSerialization.apply(config.getSerializationConfig());
        config.getMetricsConfig().setEnabled(false);
        // Hazelcast's INFO lines are not the application's business; lox reports what matters itself.
        config.setProperty("hazelcast.logging.type", "none");
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setInitialBackoffMillis(100).setMaxBackoffMillis(1000).setClusterConnectTimeoutMillis(60_000);
        // A member cut off without a reset (a cable, a firewall) is noticed within 20 s, not Hazelcast's 60
        // (docs/cluster.md has the figure, measured by ClusterHostsIT); a client file's own setting wins.
        if (config.getProperty(CLIENT_HEARTBEAT_TIMEOUT) == null) {
            config.setProperty(CLIENT_HEARTBEAT_TIMEOUT, "20000");
        }
        return config;
    }

    private static List<String> addresses(List<Integer> ports) {
        List<String> addresses = new ArrayList<>();
        for (int p : ports) {
            addresses.add(LOOPBACK + ":" + p);
        }
        return addresses;
    }
}
