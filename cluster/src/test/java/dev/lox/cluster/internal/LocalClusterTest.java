package dev.lox.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.Lox;
import dev.lox.spi.MethodRef;
import dev.lox.worker.internal.CallCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster pools end to end on {@code local:3}: three real member JVMs on loopback, one cluster for
 * the whole class (a member JVM's start is the cost). The test that kills a member runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterTest {
    static final String CLUSTER = "local:3";
    static final Duration BOUND = Duration.ofSeconds(90);
    /** The class's envelope bound, the driver's and (lox passes it on) its members': small, so that tests stay light. */
    static final int MAX_MESSAGE_BYTES = 1 << 20;

    @BeforeAll
    static void nameTheCluster() {
        System.setProperty("lox.cluster", CLUSTER);
        System.setProperty(MessageBound.PROPERTY, Integer.toString(MAX_MESSAGE_BYTES));
    }

    @AfterAll
    static void forgetTheCluster() {
        System.clearProperty("lox.cluster");
        System.clearProperty(MessageBound.PROPERTY);
    }

    static final class Work {
        static long square(int x) {
            return (long) x * x;
        }

        static long pid(int x) {
            return ProcessHandle.current().pid();
        }

        static int fail(String kind) throws IOException {
            if (kind.equals("unchecked")) {
                throw new IllegalArgumentException("bad value: " + kind);
            }
            throw new IOException("disk gone: " + kind);
        }

        static int identity(Object value) {
            return 1;
        }

        static int slowDouble(int x) throws InterruptedException {
            Thread.sleep(150);
            return 2 * x;
        }

        static String touch(String path) throws IOException {
            Files.writeString(Path.of(path), "ran");
            return path;
        }

        /** Waits for what never comes; interrupted, it says so in {@code marker} and ends. */
        static int waitForever(String marker) throws IOException {
            try {
                new java.util.concurrent.CountDownLatch(1).await();
                return 0;
            } catch (InterruptedException e) {
                Files.writeString(Path.of(marker), "interrupted");
                return 1;
            }
        }

        /** Runs until {@code release} exists, deaf to interrupts, as code that never checks them is. */
        static int ignoreInterrupts(String release) {
            while (!Files.exists(Path.of(release))) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // returns at once once interrupted: still deaf
            }
            return 2;
        }

        static byte[] bytes(int n) {
            return new byte[n];
        }

        @Lox.Cluster(2)
        static int multiply(int x, int y) throws InterruptedException {
            Thread.sleep(10);
            return x * y;
        }
    }

    @Test
    @Order(1)
    void resultsComeBackInScatterOrderFromSeveralMembers() throws TimeoutException {
        var square = Lox.cluster(8).of(Work::square);
        for (int i = 0; i < 60; i++) {
            square.scatter(i);
        }
        List<Long> squares = square.gather(BOUND);
        for (int i = 0; i < 60; i++) {
            assertEquals((long) i * i, squares.get(i), "call " + i);
        }
        var pid = Lox.cluster(6).of(Work::pid);
        for (int i = 0; i < 30; i++) {
            pid.scatter(i);
        }
        Set<Long> pids = new HashSet<>(pid.gather(BOUND));
        assertFalse(pids.contains(ProcessHandle.current().pid()), "the calls ran in member JVMs, not in the driver");
        assertTrue(pids.size() >= 2, "calls were spread over the members: " + pids);
    }

    /** lox's tests/worker/test_process.py port, on an annotated cluster method through Lox.of. */
    @Test
    @Order(2)
    void anAnnotatedMethodScattersAndGathersLikeAProcessOne() throws TimeoutException {
        var multiply = Lox.of(Work::multiply);
        int[] xs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        int[] ys = {13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
        assertEquals(xs[0] * ys[0], multiply.call(xs[0], ys[0]), "call() runs in the caller, as a plain call");
        for (int i = 0; i < xs.length; i++) {
            multiply.scatter(xs[i], ys[i]);
        }
        List<Integer> out = multiply.gather(BOUND);
        for (int i = 0; i < xs.length; i++) {
            assertEquals(xs[i] * ys[i], out.get(i));
        }
    }

    @Test
    @Order(3)
    void exceptionsComeBackAsThemselves() throws Exception {
        var fail = Lox.cluster(4).of(Work::fail);
        CompletableFuture<Integer> unchecked = fail.scatter("unchecked");
        CompletableFuture<Integer> checked = fail.scatter("checked");
        ExecutionException u = assertThrows(ExecutionException.class, () -> unchecked.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, u.getCause());
        assertEquals("bad value: unchecked", u.getCause().getMessage());
        ExecutionException c = assertThrows(ExecutionException.class, () -> checked.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, c.getCause());
        assertEquals("disk gone: checked", c.getCause().getMessage());
        assertThrows(IllegalArgumentException.class, () -> fail.gather(BOUND)); // the first failure in scatter order
    }

    @Test
    @Order(4)
    void anArgumentThatCannotTravelIsRefusedAtScatterAndNothingIsSent() throws TimeoutException {
        var identity = Lox.cluster(4).of(Work::identity);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> identity.scatter(Thread.currentThread()));
        assertTrue(e.getMessage().contains("argument 0 (java.lang.Thread)"), e.getMessage());
        assertEquals(0, identity.pending());
        identity.scatter("a value");
        assertEquals(List.of(1), identity.gather(BOUND), "only the call that could travel was sent");
    }

    /** A call signed with another secret reaches a member, which refuses it unread: the method never runs. */
    @Test
    @Order(5)
    void aForgedOrUnsignedEnvelopeIsRefusedAndNotRun(@TempDir Path dir) throws Exception {
        var open = Lox.cluster(1).of(Work::square);
        open.scatter(1);
        assertEquals(List.of(1L), open.gather(BOUND)); // the cluster is open
        ClusterConnection cluster = ClusterConnection.open(ClusterSpec.parse(CLUSTER, "test"), "test", getClass().getClassLoader());
        Path marker = dir.resolve("forged-ran");
        MethodRef touch = new MethodRef(Work.class.getName(), "touch", "(Ljava/lang/String;)Ljava/lang/String;", true);
        byte[] call = new CallHeader(1, 0, cluster.notices()).before(CallCodec.request(1, touch, new Object[] {marker.toString()}, Map.of()));
        List<byte[]> bad = List.of(
                Envelope.seal(ClusterSecret.random(), Envelope.REQUEST, call), // forged: another key
                call); // unsigned: the bare message
        for (byte[] envelope : bad) {
            Future<byte[]> sent = cluster.executor().submitToMember(new CallTask(envelope), cluster.pick(Set.of()));
            ExecutionException refused = assertThrows(ExecutionException.class, () -> sent.get(BOUND.toSeconds(), TimeUnit.SECONDS));
            assertTrue(RefusedCall.is(refused), "refused by the member: " + refused);
        }
        assertFalse(Files.exists(marker), "the forged call did not run");
        byte[] signed = Envelope.seal(cluster.secret(), Envelope.REQUEST, call);
        byte[] answer = cluster.executor().submitToMember(new CallTask(signed), cluster.pick(Set.of())).get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertEquals(marker.toString(), CallCodec.result(Envelope.open(cluster.secret(), Envelope.RESPONSE, answer), null).value());
        assertTrue(Files.exists(marker), "the same call, signed with the cluster's secret, ran");
    }

    @Test
    @Order(6)
    void aCallPastItsTimeoutFailsNamingItsMemberAndTheMemberInterruptsIt(@TempDir Path dir) throws Exception {
        var wait = Lox.cluster(1).callTimeout(Duration.ofSeconds(1)).of(Work::waitForever);
        Path marker = dir.resolve("interrupted");
        CompletableFuture<Integer> call = wait.scatter(marker.toString());
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        dev.lox.CallTimeoutException timeout = assertInstanceOf(dev.lox.CallTimeoutException.class, e.getCause());
        assertTrue(timeout.getMessage().contains(" ran on member [127.0.0.1]:") && timeout.getMessage().contains("(local JVM ")
                && timeout.getMessage().contains("past the pool's call timeout of 1s: the member interrupted it"), timeout.getMessage());
        assertEquals(Duration.ofSeconds(1), timeout.timeout());
        assertTrue(timeout.elapsed().compareTo(timeout.timeout()) >= 0, "it ran its timeout at least: " + timeout.elapsed());
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!Files.exists(marker) && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling a file the member writes: it tells lox nothing once the call's caller has its failure
        }
        assertEquals("interrupted", Files.readString(marker), "the member interrupted the call");
    }

    /** A call deaf to interrupts: its caller has the timeout all the same (the member's notice), while the call runs on. */
    @Test
    @Order(7)
    void aCallThatIgnoresTheInterruptStillFailsOnTimeAndFreesItsPlace(@TempDir Path dir) throws Exception {
        var deaf = Lox.cluster(1).callTimeout(Duration.ofMillis(500)).of(Work::ignoreInterrupts);
        Path release = dir.resolve("release");
        try {
            CompletableFuture<Integer> call = deaf.scatter(release.toString());
            ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(BOUND.toSeconds(), TimeUnit.SECONDS));
            assertInstanceOf(dev.lox.CallTimeoutException.class, e.getCause(), "failed while the call still ran: " + e.getCause());
            assertFalse(Files.exists(release), "the call could not have returned");
            Files.writeString(release, "go");
            assertEquals(2, deaf.scatter(release.toString()).get(BOUND.toSeconds(), TimeUnit.SECONDS),
                    "its place in flight (of 1) went to the next call");
        } finally {
            Files.writeString(release, "go");
        }
    }

    @Test
    @Order(8)
    void aCallOverTheEnvelopeBoundIsRefusedAtScatterNamingItsSizeAndTheBound() throws TimeoutException {
        var identity = Lox.cluster(2).of(Work::identity);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> identity.scatter(new byte[MAX_MESSAGE_BYTES]));
        assertTrue(e.getMessage().contains(" bytes encoded, more than the cluster's bound of " + MAX_MESSAGE_BYTES + " bytes"
                + " (-Dlox.cluster.maxMessageBytes): nothing was sent"), e.getMessage());
        assertEquals(0, identity.pending());
        identity.scatter(new byte[MAX_MESSAGE_BYTES / 2]);
        assertEquals(List.of(1), identity.gather(BOUND), "a call under the bound travels");
    }

    @Test
    @Order(9)
    void aMemberRefusesAnEnvelopeOverItsBoundUnreadAndAResultOverItFailsItsCall(@TempDir Path dir) throws Exception {
        ClusterConnection cluster = ClusterConnection.open(ClusterSpec.parse(CLUSTER, "test"), "test", getClass().getClassLoader());
        Path marker = dir.resolve("large-ran");
        MethodRef touch = new MethodRef(Work.class.getName(), "touch", "(Ljava/lang/String;)Ljava/lang/String;", true);
        byte[] call = new CallHeader(1, 0, cluster.notices()).before(CallCodec.request(1, touch, new Object[] {marker.toString()}, Map.of()));
        byte[] padded = java.util.Arrays.copyOf(call, MAX_MESSAGE_BYTES + 1); // the driver's check passed by: sent as it is
        Future<byte[]> sent = cluster.executor().submitToMember(new CallTask(Envelope.seal(cluster.secret(), Envelope.REQUEST, padded)),
                cluster.pick(Set.of()));
        ExecutionException refused = assertThrows(ExecutionException.class, () -> sent.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        assertEquals(RefusedCall.TOO_LARGE, RefusedCall.of(refused), refused.toString());
        assertTrue(refused.getMessage().contains("more than this member's bound of " + MAX_MESSAGE_BYTES + " bytes"
                + " (-Dlox.cluster.maxMessageBytes): refused, nothing decoded"), refused.getMessage());
        assertFalse(Files.exists(marker), "the call was not run");

        var bytes = Lox.cluster(1).of(Work::bytes);
        CompletableFuture<byte[]> large = bytes.scatter(MAX_MESSAGE_BYTES);
        ExecutionException e = assertThrows(ExecutionException.class, () -> large.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        IllegalArgumentException tooLarge = assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(tooLarge.getMessage().contains("the call ran, and its result is ") && tooLarge.getMessage().contains(
                "more than the member's bound of " + MAX_MESSAGE_BYTES + " bytes (-Dlox.cluster.maxMessageBytes): not sent"),
                tooLarge.getMessage());
    }

    /** Last: it leaves the cluster two members. */
    @Test
    @Order(100)
    void aMemberKilledMidBatchLosesNoCall() throws Exception {
        var slow = Lox.cluster(9).of(Work::slowDouble);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            calls.add(slow.scatter(i));
        }
        calls.get(0).get(BOUND.toSeconds(), TimeUnit.SECONDS); // the batch is under way: every member holds calls
        List<Process> members = ClusterConnection.openLocalProcesses(CLUSTER);
        assertEquals(3, members.size());
        Process victim = members.get(0);
        victim.destroyForcibly(); // SIGKILL
        assertTrue(victim.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS));
        List<Integer> doubled = slow.gather(BOUND);
        for (int i = 0; i < 36; i++) {
            assertEquals(2 * i, doubled.get(i), "call " + i);
        }
    }
}
