package dev.lox.worker.internal;

import dev.lox.spi.MethodRef;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A worker's per-call path on its own, in one fresh JVM (so on a cold JIT, or interpreted with
 * {@code -Xint}): poll a request, decode it, and {@link WorkerMain}'s serve (run the call, encode the
 * response, append it), with this thread's CPU time for each part. No parent and no second process:
 * it tells whether the worker's own code grew, apart from what the parent does meanwhile.
 *
 * <p>The requests (echo calls of one int) are appended beforehand, untimed, to the request queue, as
 * {@code WorkerCpuBench --saturated} has the parent do while the worker is stopped. {@code --reader}
 * also starts a thread that tails the response queue through its own queue instance without pause,
 * as a parent's reader does while a burst runs. Not a test: run it by hand (docs/benchmarks-process.md).
 *
 * <p>Arguments: {@code <calls> [--reader]}.
 */
public final class WorkerPathBench {
    /** A worker's own limit, so that Chronicle maps the same blocks as in a pool. */
    private static final long MAX_MESSAGE = PoolSettings.DEFAULT_MAX_MESSAGE_BYTES;

    private WorkerPathBench() {
    }

    public static int echo(int x) {
        return x;
    }

    public static void main(String[] args) throws Exception {
        int calls = Integer.parseInt(args[0]);
        boolean reader = args.length > 1 && args[1].equals("--reader");
        Path folder = Files.createTempDirectory("lox-path-bench");
        MethodRef echo = new MethodRef(WorkerPathBench.class.getName(), "echo", "(I)I", true);
        byte[] none = new byte[0];
        Transport parentSide = Channels.open(MessageQueue::open, folder.resolve("requests"), MAX_MESSAGE, false);
        for (int i = 0; i < calls; i++) {
            byte[] request = KryoCodec.encodeRequest(i, echo, new Object[] {i});
            parentSide.append(request, request.length, none, 0);
        }
        Transport requests = Channels.open(MessageQueue::open, folder.resolve("requests"), MAX_MESSAGE, true);
        Transport responses = Channels.open(MessageQueue::open, folder.resolve("responses"), MAX_MESSAGE, false);
        Thread tail = reader ? tailResponses(folder, calls) : null;

        Constructor<WorkerMain> create = WorkerMain.class.getDeclaredConstructor(Transport.class, Transport.class, DiskSpace.class);
        create.setAccessible(true);
        WorkerMain worker = create.newInstance(requests, responses, new DiskSpace(folder));
        Method serve = WorkerMain.class.getDeclaredMethod("serve", KryoCodec.Request.class, long.class);
        serve.setAccessible(true);

        MessageBuffer buffer = new MessageBuffer();
        List<MethodRef> methods = new ArrayList<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long poll = 0;
        long decode = 0;
        long served = 0;
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            long a = threads.getCurrentThreadCpuTime();
            int length = requests.poll(buffer);
            if (length < 0) {
                throw new IllegalStateException("request " + i + " of " + calls + " is missing");
            }
            long b = threads.getCurrentThreadCpuTime();
            KryoCodec.Request request = KryoCodec.decodeRequest(buffer.array(), length, methods);
            long c = threads.getCurrentThreadCpuTime();
            serve.invoke(worker, request, System.nanoTime());
            long d = threads.getCurrentThreadCpuTime();
            poll += b - a;
            decode += c - b;
            served += d - c;
        }
        long total = threads.getCurrentThreadCpuTime() - start;
        if (tail != null) {
            tail.join(60_000);
        }
        checkAnswers(folder, calls);
        requests.close();
        responses.close();
        parentSide.close();
        QueueFolder.deleteTree(folder); // a mapped file may be deleted on POSIX systems; the reader's too
        System.out.printf(Locale.ROOT, "%d calls%s, CPU a call (ns): poll %.0f, decode %.0f, serve (run, encode, append) %.0f;"
                        + " all %.0f (with the clock reads)%n", calls, reader ? ", a reader tailing" : "",
                poll / (double) calls, decode / (double) calls, served / (double) calls, total / (double) calls);
        System.exit(0);
    }

    /** Fails unless every call was answered with its own value: a bench of failing calls would time their failure. */
    private static void checkAnswers(Path folder, int calls) {
        Transport in = Channels.open(MessageQueue::open, folder.resolve("responses"), MAX_MESSAGE, true);
        MessageBuffer buffer = new MessageBuffer();
        for (int i = 0; i < calls; i++) {
            int length = in.poll(buffer);
            KryoCodec.Response r = length < 0 ? null : KryoCodec.decodeResponse(buffer.array(), length);
            if (r == null || r.callId() != i || r.kind() != KryoCodec.VALUE || !Integer.valueOf(i).equals(r.value())) {
                throw new IllegalStateException("call " + i + " was answered with " + (r == null ? "nothing" : r.kind() + " " + r.value()));
            }
        }
    }

    /** A thread reading the responses as they come, spinning, until it has them all (and the READY-less start). */
    private static Thread tailResponses(Path folder, int calls) {
        Thread t = new Thread(() -> {
            Transport in = Channels.open(MessageQueue::open, folder.resolve("responses"), MAX_MESSAGE, true);
            MessageBuffer buffer = new MessageBuffer();
            int read = 0;
            long giveUp = System.nanoTime() + 60_000_000_000L;
            while (read < calls && System.nanoTime() - giveUp < 0) {
                if (in.poll(buffer) >= 0) {
                    read++;
                }
            }
        }, "bench-response-tail");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
