package dev.lox.worker.internal;

import dev.lox.spi.MethodRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * The JVM that makes the workers' class-data archive ({@link WorkerArchive}): started with
 * {@code -XX:ArchiveClassesAtExit} on lox's jars alone, it runs a worker ({@link WorkerMain}, on a
 * thread of its own) against queues in a scratch folder and plays the parent: a call that returns, a
 * call that throws, each read back. So it loads what a real worker loads until it has answered its
 * first calls (Chronicle, Kryo, the call protocol), and the JVM writes those classes into the
 * archive as it exits.
 *
 * <p>Arguments: {@code <scratch folder>}, owner-only, made (and removed) by the JVM that starts it.
 */
public final class WorkerTraining {
    /** Exit code when the worker did not answer in time: the archive is not used. */
    static final int NO_ANSWER = 3;
    private static final long MAX_MESSAGE = 1 << 20;
    private static final long ANSWER_NANOS = TimeUnit.SECONDS.toNanos(60);

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
        for (int call = 1; call <= 2; call++) {
            byte[] request = KryoCodec.encodeRequest(call, echo, new Object[] {call == 1 ? 41 : -1});
            requests.append(request, request.length, new byte[0], 0);
            while (true) {
                int length = responses.poll(buffer);
                if (length >= 0) {
                    KryoCodec.Response r = KryoCodec.decodeResponse(buffer.array(), length, null);
                    if (r.kind() != KryoCodec.READY) {
                        answers++;
                        break;
                    }
                } else if (System.nanoTime() - deadline > 0) {
                    System.err.println("lox training: the worker did not answer within 60 s");
                    System.exit(NO_ANSWER);
                } else {
                    Thread.sleep(1);
                }
            }
        }
        System.exit(answers == 2 ? 0 : NO_ANSWER);
    }
}
