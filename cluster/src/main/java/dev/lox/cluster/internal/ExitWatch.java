package dev.lox.cluster.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Lets the JVM end when the application has. A Hazelcast client runs about twenty threads that are
 * not daemons, and the JVM does not begin to exit (nor run shutdown hooks) while any such thread
 * lives: a program whose {@code main} returned would stay up for ever. This daemon thread looks,
 * every {@value #PERIOD_MILLIS} ms, for a live non-daemon thread that is not a client's; once there
 * is none, the application is done, and it closes every connection (clients shut down, local members
 * stopped), after which the JVM exits as it would have without lox.
 */
final class ExitWatch {
    static final long PERIOD_MILLIS = 100;

    private static final List<ClusterConnection> WATCHED = new CopyOnWriteArrayList<>();
    private static Thread thread; // guarded by ExitWatch.class

    private ExitWatch() {
    }

    /** Watches {@code connection}, whose client's threads' names all contain {@code clientName}. */
    static synchronized void watch(ClusterConnection connection) {
        WATCHED.add(connection);
        if (thread == null) {
            thread = new Thread(ExitWatch::run, "lox-cluster-exit-watch");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private static void run() {
        while (true) {
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (!applicationRuns()) {
                for (ClusterConnection c : WATCHED) {
                    c.close();
                }
                return;
            }
        }
    }

    /** Whether a live thread that is neither a daemon nor a Hazelcast client's (nor the JVM's DestroyJavaVM) is left. */
    static boolean applicationRuns() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (t.isAlive() && !t.isDaemon() && !t.getName().equals("DestroyJavaVM") && !isClients(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isClients(Thread t) {
        for (ClusterConnection c : WATCHED) {
            if (t.getName().contains(c.clientName() + ".")) { // hz.NAME.IO.thread-in-0, NAME.event-3
                return true;
            }
        }
        return false;
    }
}
