package dev.lox.cluster.internal;

import dev.lox.cluster.MemberMain;
import dev.lox.worker.internal.CallJvm;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one way lox starts a member JVM, for {@code local:N} and for {@code java -jar lox-agent.jar
 * member}: {@code java} of this JVM, the flags a process worker gets ({@link CallJvm}: the opens Kryo
 * needs, Java 24+'s permissions), the opens Hazelcast asks for (without them it logs a warning on
 * Java 9+), lox's jars (process mode's runtime, then lox-cluster and Hazelcast), the application's
 * class path, and {@link MemberMain}. This JVM's {@code -Dlox.cluster.maxMessageBytes}, if set, is the
 * member's too.
 *
 * <p>User flags for members (heap, GC) go in {@code -Dlox.cluster.jvmArgs="-Xmx4g ..."}; without a
 * heap setting, a member's heap is at most 1 GiB, as a worker's is.
 */
public final class MemberCommand {
    public static final String JVM_ARGS = "lox.cluster.jvmArgs";

    /** What Hazelcast checks for on Java 9+ (its ModularJavaUtils), and warns about when missing. */
    static final List<String> HAZELCAST_FLAGS = List.of(
            "--add-modules=java.se",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.management/sun.management=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED");

    private MemberCommand() {
    }

    /**
     * The command of a member JVM.
     *
     * @param applicationClassPath the application's class path entries
     * @param memberArguments {@link MemberMain}'s arguments
     */
    public static List<String> of(List<String> applicationClassPath, List<String> memberArguments) {
        List<String> user = userFlags();
        List<String> cmd = new ArrayList<>();
        cmd.add(CallJvm.java());
        cmd.addAll(CallJvm.flags());
        cmd.addAll(HAZELCAST_FLAGS);
        cmd.addAll(CallJvm.defaultFlags(user));
        cmd.add("-Dlox.worker=true");
        cmd.add("-Dhazelcast.phone.home.enabled=false");
        String bound = System.getProperty(MessageBound.PROPERTY);
        if (bound != null) { // the driver's (local:N) or the launcher's (member): a member accepts what its driver sends
            cmd.add("-D" + MessageBound.PROPERTY + "=" + bound.strip());
        }
        cmd.addAll(user);
        cmd.add("-cp");
        cmd.add(CallJvm.classPath(loxJars(), applicationClassPath));
        cmd.add(MemberMain.class.getName());
        cmd.addAll(memberArguments);
        return cmd;
    }

    /** A process builder for the command, its environment cleaned of what would load the agent into the member. */
    public static ProcessBuilder builder(List<String> command) {
        return CallJvm.withoutAgentOptions(new ProcessBuilder(command));
    }

    private static List<String> userFlags() {
        String s = System.getProperty(JVM_ARGS, "").trim();
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
    }

    /** The jars (or class folders) lox-cluster's classes and Hazelcast's come from: one file, from the agent jar. */
    private static List<String> loxJars() {
        Set<String> jars = new LinkedHashSet<>();
        for (Class<?> type : List.of(MemberMain.class, com.hazelcast.config.Config.class)) {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                try {
                    jars.add(Paths.get(source.getLocation().toURI()).toString());
                } catch (URISyntaxException | RuntimeException e) {
                    // the application's class path alone then
                }
            }
        }
        return List.copyOf(jars);
    }
}
