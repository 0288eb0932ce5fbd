package dev.lox.cluster.internal;

import com.hazelcast.cluster.Member;
import dev.lox.CallTimeoutException;
import dev.lox.WorkerCrashedException;
import dev.lox.internal.Timeouts;
import java.time.Duration;
import dev.lox.spi.MethodRef;
import dev.lox.spi.ProcessBackend;
import dev.lox.worker.internal.CallCodec;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One parallel method's pool on a cluster: at most {@code calls} of its calls in flight, the rest
 * waiting here in scatter order; each sent, as a signed envelope, to the member that holds fewest
 * calls.
 *
 * <p>A member that leaves while it holds a call (it died, its link was cut, it shut down): the call
 * is sent again to another member, one it has not been lost on yet. A call may therefore run more
 * than once (at-least-once, as docs/cluster.md says); its first result is the one given. A call lost
 * {@link #TRIES} times fails with {@link WorkerCrashedException} naming the members it was lost on.
 * A member's refusal (a bad signature: the driver and the member do not share the secret; an envelope
 * over its {@link MessageBound}) fails the call at once: every member would refuse it alike.
 *
 * <p>A call that runs on its member past the pool's call timeout fails with
 * {@link CallTimeoutException}, and the member interrupts it ({@link CallWatch}); the member says so
 * on the connection's notice topic at once, and again in place of the result if the call returns.
 * A call that ignores the interrupt runs on there until it returns, holding a member's thread; its
 * caller has its failure, and its place in flight goes to the next call.
 */
final class ClusterPool implements ProcessBackend.ProcessPool {
    /** How many times a call may be lost with its member before it fails: {@code -Dlox.cluster.tries}, default 3. */
    static final int TRIES = Math.max(1, Integer.getInteger("lox.cluster.tries", 3));

    private static final AtomicLong IDS = new AtomicLong();

    private final String name;
    private final int calls;
    private final Duration callTimeout;
    private final WeakReference<ClassLoader> loader;
    private final ClusterConnection cluster;
    private final ArrayDeque<ClusterCall> waiting = new ArrayDeque<>(); // guarded by this
    private int inFlight; // guarded by this
    private boolean closed; // guarded by this
    private final Set<Attempt> running = ConcurrentHashMap.newKeySet();

    /** @param callTimeout how long a call may run on a member ({@link Duration#ZERO}: no limit) */
    ClusterPool(String name, int calls, Duration callTimeout, ClassLoader loader, ClusterConnection cluster) {
        this.name = name;
        this.calls = calls;
        this.callTimeout = callTimeout;
        this.loader = new WeakReference<>(loader);
        this.cluster = cluster;
    }

    /** A call and what became of its tries. */
    private static final class ClusterCall {
        final long id;
        final MethodRef method;
        final byte[] envelope;
        final CompletableFuture<Object> future = new CompletableFuture<>();
        final Set<UUID> lostOn = new HashSet<>(); // guarded by the pool
        final List<String> losses = new ArrayList<>(); // guarded by the pool

        ClusterCall(long id, MethodRef method, byte[] envelope) {
            this.id = id;
            this.method = method;
            this.envelope = envelope;
        }
    }

    /** One try of a call on one member; ends once, by its result, its failure, or its member's leaving. */
    private static final class Attempt {
        final ClusterCall call;
        final Member member;
        private final AtomicBoolean ended = new AtomicBoolean();

        Attempt(ClusterCall call, Member member) {
            this.call = call;
            this.member = member;
        }

        boolean end() {
            return ended.compareAndSet(false, true);
        }
    }

    @Override
    public CompletableFuture<Object> submit(MethodRef method, Object[] arguments) {
        return submit(method, arguments, Map.of());
    }

    @Override
    public CompletableFuture<Object> submit(MethodRef method, Object[] arguments, Map<String, Object> carried) {
        // Encoded here, on the caller's thread: an argument that cannot travel, or a call over the bound, fails the
        // scatter, and nothing is sent.
        long id = IDS.incrementAndGet();
        byte[] message = new CallHeader(id, callTimeout.toNanos(), cluster.notices())
                .before(CallCodec.request(id, method, arguments, carried));
        MessageBound.checkCall(Envelope.sealedLength(message.length), cluster.maxMessageBytes(), "the call of " + name);
        ClusterCall call = new ClusterCall(id, method, Envelope.seal(cluster.secret(), Envelope.REQUEST, message));
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the cluster pool of " + name + " is closed (this JVM is exiting): the call was not sent");
            }
            waiting.addLast(call);
        }
        pump();
        return call.future;
    }

    /** Sends waiting calls while fewer than {@code calls} are in flight. */
    private void pump() {
        while (true) {
            ClusterCall next;
            synchronized (this) {
                if (closed || inFlight >= calls || waiting.isEmpty()) {
                    return;
                }
                next = waiting.pollFirst();
                if (next.future.isDone()) {
                    continue; // cancelled while it waited: never sent
                }
                inFlight++;
            }
            send(next);
        }
    }

    private void send(ClusterCall call) {
        Member member;
        synchronized (this) {
            member = cluster.pick(call.lostOn);
        }
        if (member == null) {
            finished(null, call, new WorkerCrashedException("no member of the cluster " + cluster.name() + " is left to take the call of "
                    + name + lostSoFar(call), -1, List.of()));
            return;
        }
        Attempt attempt = new Attempt(call, member);
        running.add(attempt);
        cluster.sent(member);
        try {
            Future<byte[]> sent = cluster.executor().submitToMember(new CallTask(call.envelope), member);
            // Read on the connection's own result threads. Not where Hazelcast would run a callback: its
            // futures run dependents on the common pool, which on a 2-core machine is a new thread per
            // callback (with a new Kryo session): 0.3 to 0.8 ms of the driver's CPU a call, measured
            // (docs/cluster.md). Hazelcast's futures are CompletableFutures.
            @SuppressWarnings("unchecked")
            CompletionStage<byte[]> stage = (CompletionStage<byte[]>) sent;
            stage.whenCompleteAsync((response, failure) -> {
                if (failure != null) {
                    lost(attempt, failure);
                } else {
                    answered(attempt, response);
                }
            }, cluster.resultThreads());
        } catch (RuntimeException e) {
            lost(attempt, e);
        }
    }

    private void answered(Attempt attempt, byte[] response) {
        if (!attempt.end()) {
            return;
        }
        if (Envelope.kind(response) == Envelope.TIMEOUT) {
            try {
                finished(attempt, attempt.call, timedOut(attempt, TimeoutNotice.open(cluster.secret(), response).elapsedNanos()));
            } catch (SecurityException e) {
                finished(attempt, attempt.call, new SecurityException("the answer to " + name + " from "
                        + cluster.describe(attempt.member) + " was refused: " + e.getMessage()));
            }
            return;
        }
        Throwable failure = null;
        Object value = null;
        try {
            CallCodec.Result result = CallCodec.result(Envelope.open(cluster.secret(), Envelope.RESPONSE, response), loader.get());
            if (result.isException()) {
                failure = (Throwable) result.value();
            } else {
                value = result.value();
            }
        } catch (SecurityException e) {
            failure = new SecurityException("the result of " + name + " from " + cluster.describe(attempt.member) + " was refused: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            failure = new IllegalStateException("the result of " + name + " from " + cluster.describe(attempt.member)
                    + " could not be read: " + e, e);
        }
        finished(attempt, attempt.call, failure, value);
    }

    /** The try failed without a result: its member left, or Hazelcast could not deliver it. */
    private void lost(Attempt attempt, Throwable why) {
        if (!attempt.end()) {
            return;
        }
        ClusterCall call = attempt.call;
        RefusedCall refused = RefusedCall.of(why);
        if (refused == RefusedCall.SIGNATURE) {
            finished(attempt, call, new SecurityException("the call of " + name + " was refused by " + cluster.describe(attempt.member)
                    + ": its signature did not check there, so the driver and that member do not share the cluster secret"
                    + " (LOX_CLUSTER_SECRET or LOX_CLUSTER_SECRET_FILE); " + why.getMessage()), null);
            return;
        }
        if (refused == RefusedCall.TOO_LARGE) {
            finished(attempt, call, new IllegalArgumentException("the call of " + name + " was refused by "
                    + cluster.describe(attempt.member) + ", as over its bound: " + why.getMessage()), null);
            return;
        }
        boolean again;
        synchronized (this) {
            call.lostOn.add(attempt.member.getUuid());
            call.losses.add(cluster.describe(attempt.member) + " (" + why.getClass().getSimpleName() + ": " + why.getMessage() + ")");
            again = call.losses.size() < TRIES && !closed;
            if (again) {
                inFlight--;
                waiting.addFirst(call); // first: it was scattered before those still waiting
            }
        }
        if (again) {
            running.remove(attempt);
            cluster.ended(attempt.member);
            pump();
            return;
        }
        finished(attempt, call, new WorkerCrashedException("the call of " + name + " was lost " + call.losses.size() + " times, as many"
                + " as lox tries a call (-Dlox.cluster.tries=" + TRIES + ")" + lostSoFar(call)
                + "; a lost call may have run on the member before it was lost (cluster calls are at-least-once)",
                cluster.exitCode(attempt.member), cluster.lastLines(attempt.member)), null);
    }

    private String lostSoFar(ClusterCall call) {
        synchronized (this) {
            return call.losses.isEmpty() ? "" : ": lost on " + String.join(", then ", call.losses);
        }
    }

    private void finished(Attempt attempt, ClusterCall call, Throwable failure) {
        finished(attempt, call, failure, null);
    }

    private void finished(Attempt attempt, ClusterCall call, Throwable failure, Object value) {
        if (attempt != null) {
            running.remove(attempt);
            cluster.ended(attempt.member);
        }
        synchronized (this) {
            inFlight--;
        }
        if (failure != null) {
            call.future.completeExceptionally(failure);
        } else {
            call.future.complete(value);
        }
        pump();
    }

    /** A member's notice that it interrupted the call {@code notice} names for its timeout: the call fails, if it is this pool's and still out. */
    void timedOut(TimeoutNotice notice) {
        for (Attempt attempt : running) {
            if (attempt.call.id == notice.callId() && attempt.end()) {
                finished(attempt, attempt.call, timedOut(attempt, notice.elapsedNanos()));
            }
        }
    }

    private CallTimeoutException timedOut(Attempt attempt, long elapsedNanos) {
        return new CallTimeoutException("the call of " + name + " (call " + attempt.call.id + ") ran on "
                + cluster.describe(attempt.member) + " for " + Timeouts.describe(elapsedNanos) + ", past the pool's call timeout of "
                + Timeouts.write(callTimeout) + ": the member interrupted it (a call that ignores the interrupt runs on there until"
                + " it returns, holding one of the member's threads, and its result is dropped). Set the method's timeout with"
                + " @Lox.Cluster(callTimeout = \"30m\"), callTimeout(30m) on its config rule or Lox.cluster(n).callTimeout(...);"
                + " every cluster pool's with -Dlox.cluster.callTimeout=<duration> (none: no limit)",
                callTimeout, Duration.ofNanos(elapsedNanos));
    }

    /** A member left the cluster: the calls it held are lost, and go to other members. */
    void memberLeft(Member member) {
        for (Attempt attempt : running) {
            if (attempt.member.getUuid().equals(member.getUuid())) {
                lost(attempt, new IllegalStateException(cluster.describe(member) + " left the cluster while it held the call"));
            }
        }
    }

    @Override
    public synchronized int queued() {
        return waiting.size();
    }

    @Override
    public void close() {
        List<ClusterCall> dropped;
        synchronized (this) {
            closed = true;
            dropped = new ArrayList<>(waiting);
            waiting.clear();
        }
        IllegalStateException why = new IllegalStateException("the cluster pool of " + name + " closed (this JVM is exiting)"
                + " before the call finished");
        for (ClusterCall call : dropped) {
            call.future.completeExceptionally(why);
        }
        for (Attempt attempt : running) {
            if (attempt.end()) {
                attempt.call.future.completeExceptionally(why);
            }
        }
    }
}
