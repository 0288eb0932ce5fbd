package dev.lox.worker.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drains a worker's stderr on a daemon thread: each line goes on to this JVM's stderr (a user sees
 * what the task printed), and the last {@value #KEEP} lines are kept for the
 * {@link dev.lox.WorkerCrashedException} of a worker that dies. Draining also keeps a chatty worker
 * from blocking on a full pipe. Public for lox-cluster's member JVMs, whose stderr is drained alike.
 */
public final class StderrTail {
    static final int KEEP = 20;

    private final ArrayDeque<String> last = new ArrayDeque<>(KEEP);
    private final Thread thread;

    public StderrTail(InputStream stderr, String name, PrintStream echo) {
        thread = new Thread(() -> drain(stderr, echo), name);
        thread.setDaemon(true);
        thread.start();
    }

    private void drain(InputStream stderr, PrintStream echo) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stderr, Charset.defaultCharset()))) {
            for (String line; (line = reader.readLine()) != null; ) {
                synchronized (last) {
                    if (last.size() == KEEP) {
                        last.removeFirst();
                    }
                    last.addLast(line);
                }
                echo.println(line);
            }
        } catch (IOException e) {
            // the pipe closed: the worker is gone
        }
    }

    /** The last lines, oldest first, once the worker's stderr has ended (waits at most {@code millis}). */
    public List<String> lines(long millis) {
        try {
            thread.join(TimeUnit.MILLISECONDS.toMillis(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (last) {
            return new ArrayList<>(last);
        }
    }
}
