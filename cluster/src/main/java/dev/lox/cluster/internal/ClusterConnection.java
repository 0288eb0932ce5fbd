package dev.lox.cluster.internal;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.topic.ITopic;
import dev.lox.worker.internal.CallJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The driver's link to one cluster, shared by every cluster pool of this JVM that names it: the
 * Hazelcast client (the driver holds no data), lox's executor on the members, the secret, the calls
 * each member holds (for balancing), and for {@code local:N} the member JVMs. Opened by the first
 * pool; closed when this JVM exits.
 */
final class ClusterConnection {
    /** How long {@code local:N} members get to come up: a cold start of N JVMs on a busy 2-core machine. */
    private static final long LOCAL_START_SECONDS = 120;

    private static final String NOTICES = "lox-notices-";

    private static final Map<String, ClusterConnection> OPEN = new HashMap<>(); // guarded by ClusterConnection.class

    private final String name;
    private final ClusterSecret secret;
    private final HazelcastInstance client;
    private final IExecutorService executor;
    /** The topic members send this driver's {@link TimeoutNotice}s on: one per driver, so no other driver's reach it. */
    private final ITopic<byte[]> notices;
    private final long maxMessageBytes;
    private final LocalMembers local; // null unless local:N
    private final Map<UUID, AtomicInteger> held = new ConcurrentHashMap<>();
    private final List<ClusterPool> pools = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /** Where results are read and callers' futures completed: threads of lox's, each with its Kryo session kept. */
    private final java.util.concurrent.ExecutorService resultThreads = java.util.concurrent.Executors.newFixedThreadPool(
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), r -> {
                Thread t = new Thread(r, "lox-cluster-results");
                t.setDaemon(true);
                return t;
            });

    private ClusterConnection(String name, ClusterSecret secret, long maxMessageBytes, HazelcastInstance client, LocalMembers local) {
        this.name = name;
        this.secret = secret;
        this.maxMessageBytes = maxMessageBytes;
        this.client = client;
        this.local = local;
        this.executor = client.getExecutorService(HazelcastConfigs.EXECUTOR);
        this.notices = client.getTopic(NOTICES + client.getLocalEndpoint().getUuid());
        notices.addMessageListener(message -> noticed(message.getMessageObject()));
        client.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                for (ClusterPool pool : pools) {
                    pool.memberLeft(event.getMember());
                }
            }
        });
    }

    /**
     * The connection to the cluster {@code spec} names, opened (and for {@code local:N}, its members
     * started) on the first call.
     *
     * @param loader the first pool's method's class loader: {@code local:N} members get its class path
     */
    static synchronized ClusterConnection open(ClusterSpec spec, String source, ClassLoader loader) {
        String key = spec.toString();
        ClusterConnection open = OPEN.get(key);
        if (open == null) {
            long maxMessageBytes = MessageBound.fromSystemProperties(); // a bad value fails the first pool, before any member starts
            try {
                open = spec.isLocal() ? startLocal(spec.localMembers(), loader, maxMessageBytes)
                        : connect(spec.file(), source, maxMessageBytes);
            } catch (IOException e) {
                throw new IllegalStateException("lox could not open the cluster " + spec + " (from " + source + "): " + e, e);
            }
            ClusterConnection closing = open;
            Runtime.getRuntime().addShutdownHook(new Thread(closing::close, "lox-cluster-shutdown"));
            ExitWatch.watch(open);
            OPEN.put(key, open);
        }
        return open;
    }

    private static ClusterConnection startLocal(int n, ClassLoader loader, long maxMessageBytes) throws IOException {
        ClusterSecret secret = ClusterSecret.random();
        Path scratch = Files.createTempDirectory("lox-cluster-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        scratch.toFile().deleteOnExit();
        int threads = Integer.getInteger("lox.cluster.memberThreads", Math.max(1, Runtime.getRuntime().availableProcessors() / n));
        LocalMembers members = LocalMembers.start(n, threads, secret, CallJvm.applicationClassPath(loader, scratch));
        try {
            ClientConfig config = HazelcastConfigs.localClient(members.clusterName(), members.ports());
            HazelcastInstance client = newClient(config);
            awaitMembers(client, members, n);
            return new ClusterConnection("local:" + n, secret, maxMessageBytes, client, members);
        } catch (RuntimeException e) {
            members.stop();
            throw e;
        }
    }

    private static ClusterConnection connect(Path file, String source, long maxMessageBytes) throws IOException {
        ClusterSecret secret;
        try {
            secret = ClusterSecret.configured(System.getenv(), System.getProperty(ClusterSecret.FILE_PROPERTY));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the cluster " + file + " (from " + source + "): " + e.getMessage(), e);
        }
        return new ClusterConnection(file.toString(), secret, maxMessageBytes, newClient(HazelcastConfigs.fileClient(file)), null);
    }

    private static HazelcastInstance newClient(ClientConfig config) {
        config.setClassLoader(ClusterConnection.class.getClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader was = thread.getContextClassLoader();
        // Hazelcast looks some of its own services up with the context loader: give it the one that sees them.
        thread.setContextClassLoader(ClusterConnection.class.getClassLoader());
        try {
            DriverUnsafe.noticeBeforeTheClient();
            return HazelcastClient.newHazelcastClient(config);
        } finally {
            thread.setContextClassLoader(was);
        }
    }

    /** Waits until the client lists all {@code n} members, or fails naming a member that exited, with its last stderr lines. */
    private static void awaitMembers(HazelcastInstance client, LocalMembers members, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LOCAL_START_SECONDS);
        while (client.getCluster().getMembers().size() < n) {
            LocalMembers.Member exited = members.exited();
            if (exited != null) {
                client.shutdown();
                throw new IllegalStateException("local member JVM " + exited.process().pid() + " (port " + exited.port() + ") exited with"
                        + " code " + exited.process().exitValue() + " before the cluster was up; its last lines:\n  "
                        + String.join("\n  ", exited.stderr().lines(500)));
            }
            if (System.nanoTime() > deadline) {
                client.shutdown();
                throw new IllegalStateException("only " + client.getCluster().getMembers().size() + " of the " + n + " local members"
                        + " joined within " + LOCAL_START_SECONDS + " s");
            }
            try {
                Thread.sleep(20); // polling a local list: members announce themselves through the client, not to lox
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                client.shutdown();
                throw new IllegalStateException("interrupted while the local cluster started", e);
            }
        }
    }

    ClusterPool newPool(String method, int calls, ClassLoader loader, java.time.Duration callTimeout) {
        ClusterPool pool = new ClusterPool(method, calls, callTimeout, loader, this);
        pools.add(pool);
        return pool;
    }

    String name() {
        return name;
    }

    /** The name of the topic members send this driver's timeout notices on. */
    String notices() {
        return notices.getName();
    }

    /** The largest envelope this driver sends ({@link MessageBound}). */
    long maxMessageBytes() {
        return maxMessageBytes;
    }

    /** A member's timeout notice, checked, handed to the pools on lox's result threads (not Hazelcast's event thread). */
    private void noticed(byte[] envelope) {
        TimeoutNotice notice;
        try {
            notice = TimeoutNotice.open(secret, envelope);
        } catch (SecurityException e) {
            dev.lox.internal.ApiLog.warnOnce("a timeout notice on " + notices() + " of the cluster " + name + " was refused (not"
                    + " signed with this cluster's secret: someone else publishes there): " + e.getMessage());
            return;
        }
        resultThreads.execute(() -> {
            for (ClusterPool pool : pools) {
                pool.timedOut(notice);
            }
        });
    }

    /** The client's instance name, which each of its threads' names contains. */
    String clientName() {
        return client.getName();
    }

    ClusterSecret secret() {
        return secret;
    }

    IExecutorService executor() {
        return executor;
    }

    java.util.concurrent.Executor resultThreads() {
        return resultThreads;
    }

    /**
     * The member to send a call to: of those not in {@code avoid}, the one that holds fewest calls; if
     * every member is to be avoided, the one that holds fewest; null if the cluster has none.
     */
    Member pick(Set<UUID> avoid) {
        Member best = null;
        int bestHeld = Integer.MAX_VALUE;
        boolean bestAvoided = true;
        for (Member m : client.getCluster().getMembers()) {
            if (m.isLiteMember()) {
                continue;
            }
            boolean avoided = avoid.contains(m.getUuid());
            int h = heldBy(m);
            if (best == null || (bestAvoided && !avoided) || (avoided == bestAvoided && h < bestHeld)) {
                best = m;
                bestHeld = h;
                bestAvoided = avoided;
            }
        }
        return best;
    }

    private int heldBy(Member m) {
        AtomicInteger h = held.get(m.getUuid());
        return h == null ? 0 : h.get();
    }

    void sent(Member m) {
        held.computeIfAbsent(m.getUuid(), k -> new AtomicInteger()).incrementAndGet();
    }

    void ended(Member m) {
        AtomicInteger h = held.get(m.getUuid());
        if (h != null) {
            h.decrementAndGet();
        }
    }

    /** A member as messages name it: its address, and for a local member its JVM. */
    String describe(Member m) {
        LocalMembers.Member jvm = local == null ? null : local.byPort(m.getAddress().getPort());
        return "member " + m.getAddress() + (jvm == null ? "" : " (local JVM " + jvm.process().pid() + ")");
    }

    /** A local member's exit code once it has exited (waits briefly), else -1 (a member elsewhere, or still up). */
    int exitCode(Member m) {
        LocalMembers.Member jvm = local == null ? null : local.byPort(m.getAddress().getPort());
        if (jvm == null) {
            return -1;
        }
        try {
            return jvm.process().waitFor(1, TimeUnit.SECONDS) ? jvm.process().exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A local member's last stderr lines; empty for a member elsewhere. */
    List<String> lastLines(Member m) {
        LocalMembers.Member jvm = local == null ? null : local.byPort(m.getAddress().getPort());
        return jvm == null ? List.of() : jvm.stderr().lines(100);
    }

    /** The JVMs of the open cluster {@code spec} names, if it is local; empty if it is not open or not local. */
    static synchronized List<Process> openLocalProcesses(String spec) {
        ClusterConnection open = OPEN.get(spec);
        return open == null || open.local == null ? List.of()
                : open.local.members().stream().map(LocalMembers.Member::process).toList();
    }

    /** Fails the pools' calls still out, shuts the client down and stops local members; once, by the exit watch or the shutdown hook. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (ClusterPool pool : pools) {
            pool.close();
        }
        try {
            notices.destroy(); // members would keep it otherwise, one a driver run
        } catch (RuntimeException e) {
            // the cluster is gone already
        }
        try {
            client.shutdown();
        } catch (RuntimeException e) {
            // shutting down anyway
        }
        if (local != null) {
            local.stop();
        }
    }
}
