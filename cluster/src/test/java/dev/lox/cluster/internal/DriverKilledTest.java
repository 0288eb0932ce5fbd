package dev.lox.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.Lox;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** No member JVM outlives a driver killed with SIGKILL (which runs no shutdown hook). */
class DriverKilledTest {
    static final long BOUND_SECONDS = 90;

    /** The driver: opens local:2, runs a call, prints its members' pids, then waits to be killed. */
    public static final class Driver {
        static int twice(int x) {
            return 2 * x;
        }

        public static void main(String[] args) throws Exception {
            System.setProperty("lox.cluster", "local:2");
            var twice = Lox.cluster(2).of(Driver::twice);
            twice.scatter(2);
            int four = twice.gather(java.time.Duration.ofSeconds(BOUND_SECONDS)).get(0);
            StringBuilder pids = new StringBuilder("members");
            for (Process p : ClusterConnection.openLocalProcesses("local:2")) {
                pids.append(' ').append(p.pid());
            }
            System.out.println(pids + " answer " + four);
            System.out.flush();
            Thread.sleep(TimeUnit.SECONDS.toMillis(BOUND_SECONDS * 2));
        }
    }

    @Test
    void membersExitWhenTheDriverIsKilled() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-opens") || flag.startsWith("-Dlox.") || flag.startsWith("-Dchronicle.")) {
                cmd.add(flag);
            }
        }
        cmd.add("-Dlox.cluster.jvmArgs=" + System.getProperty("lox.cluster.jvmArgs", ""));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Driver.class.getName());
        Process driver = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<ProcessHandle> members = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine(); // the driver prints it once its cluster is up, or dies (null)
            assertTrue(line != null && line.startsWith("members "), "the driver's report: " + line);
            String[] words = line.split(" ");
            assertEquals("4", words[words.length - 1], line);
            for (int i = 1; i < words.length - 2; i++) {
                Optional<ProcessHandle> member = ProcessHandle.of(Long.parseLong(words[i]));
                assertTrue(member.isPresent(), "member " + words[i] + " is up while its driver is");
                members.add(member.get());
            }
            assertEquals(2, members.size(), line);
            driver.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(driver.waitFor(BOUND_SECONDS, TimeUnit.SECONDS));
            for (ProcessHandle member : members) {
                member.onExit().get(BOUND_SECONDS, TimeUnit.SECONDS);
                assertFalse(member.isAlive(), "member " + member.pid() + " outlived its driver");
            }
        } finally {
            driver.destroyForcibly();
            members.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
