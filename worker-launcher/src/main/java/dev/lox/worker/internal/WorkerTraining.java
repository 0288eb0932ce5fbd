package dev.lox.worker.internal;

import dev.lox.spi.MethodRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * The JVM that makes the workers' class-data archive ({@link WorkerArchive}): started with the
 * archive format's training flags ({@link ArchiveFormat}) on lox's jars alone, it runs a worker
 * ({@link WorkerMain}, on a thread of its own) against queues in a scratch folder and plays the
 * parent: {@value #BATCHES} batches of {@value #BATCH} calls, each batch's last one throwing, each
 * answer read back. So it loads what a real worker loads (Chronicle, Kryo, the call protocol), runs
 * its call path often enough to profile it, and the JVM writes the classes (and, for the AOT cache,
 * the profiles) into the archive as it exits.
 *
 * <p>Arguments: {@code <scratch folder>}, owner-only, made (and removed) by the JVM that starts it.
 */
public final class WorkerTraining {
    /** Exit code when the worker did not answer in time: the archive is not used. */
    static final int NO_ANSWER = 3;
    private static final long MAX_MESSAGE = 1 << 20;
    private static final long ANSWER_NANOS = TimeUnit.SECONDS.toNanos(60);
    /**
     * Calls sent at once, and how many times: a few thousand calls in all, so that with the AOT cache
     * (Java 25+) the methods on a worker's call path (Kryo's, Chronicle's, the protocol's) have run
     * often enough to have profiles, and the JIT of a new worker starts from them.
     */
    static final int BATCH = 100;
    static final int BATCHES = 30;

    private WorkerTraining() {
    }

    /** The training's call, in lox's own jar so that the archive's class path needs nothing else. */
    static int echo(int x) {
        if (x < 0) {
            throw new IllegalArgumentException("a training call that fails, as some calls do: " + x);
        }
        return x + 1;
    }

    public static void main(String[] args) throws Exception {
        Path pool = Paths.get(args[0]);
        Path folder = Files.createDirectory(pool.resolve("w0"));
        Transport requests = Channels.open(MessageQueue::open, folder.resolve("requests"), MAX_MESSAGE, false);
        Transport responses = Channels.open(MessageQueue::open, folder.resolve("responses"), MAX_MESSAGE, true);
        // The worker watches the JVM that started this one, as a real worker watches its parent: the
        // training ends with it (and with its stdin).
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        if (parent < 0) {
            System.err.println("lox training: no parent process");
            System.exit(NO_ANSWER);
        }
        Thread worker = new Thread(() -> {
            try {
                WorkerMain.main(new String[] {Long.toString(parent), pool.toString(),
                        folder.toString(), Long.toString(MAX_MESSAGE)});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "lox-training-worker");
        worker.setDaemon(true);
        worker.start();
        MethodRef echo = new MethodRef(WorkerTraining.class.getName(), "echo", "(I)I", true);
        MessageBuffer buffer = new MessageBuffer();
        int answers = 0;
        long deadline = System.nanoTime() + ANSWER_NANOS;
        int id = 0;
        for (int batch = 0; batch < BATCHES; batch++) {
            for (int i = 0; i < BATCH; i++) {
                id++;
                // the last call of each batch throws, as some calls do: the failure path is trained too
                byte[] request = KryoCodec.encodeRequest(id, echo, new Object[] {i == BATCH - 1 ? -1 : id});
                requests.append(request, request.length, new byte[0], 0);
            }
            int answered = 0;
            while (answered < BATCH) {
                int length = responses.poll(buffer);
                if (length >= 0) {
                    KryoCodec.Response r = KryoCodec.decodeResponse(buffer.array(), length, null);
                    if (r.kind() != KryoCodec.READY) {
                        answered++;
                    }
                } else if (System.nanoTime() - deadline > 0) {
                    System.err.println("lox training: the worker did not answer within 60 s");
                    System.exit(NO_ANSWER);
                } else {
                    Thread.sleep(1);
                }
            }
            answers += answered;
        }
        System.exit(answers == BATCHES * BATCH ? 0 : NO_ANSWER);
    }
}
