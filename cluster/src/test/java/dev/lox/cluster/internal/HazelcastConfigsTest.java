package dev.lox.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.client.config.ClientConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HazelcastConfigsTest {
    @Test
    void theDriverNoticesASilentMemberIn20sUnlessItsClientFileSaysOtherwise(@TempDir Path dir) throws Exception {
        Path member = dir.resolve("hazelcast.yaml");
        Files.writeString(member, """
                hazelcast:
                  cluster-name: tiles
                  network:
                    join:
                      tcp-ip: { enabled: true, member-list: [ "10.0.0.11:5701" ] }
                """);
        ClientConfig fromMember = HazelcastConfigs.fileClient(member);
        assertEquals("20000", fromMember.getProperty(HazelcastConfigs.CLIENT_HEARTBEAT_TIMEOUT));
        assertEquals("tiles", fromMember.getClusterName());
        Path client = dir.resolve("hazelcast-client.yaml");
        Files.writeString(client, """
                hazelcast-client:
                  cluster-name: tiles
                  properties:
                    hazelcast.client.heartbeat.timeout: 10000
                  network:
                    cluster-members: [ "10.0.0.11:5701" ]
                """);
        assertEquals("10000", HazelcastConfigs.fileClient(client).getProperty(HazelcastConfigs.CLIENT_HEARTBEAT_TIMEOUT));
    }
}
