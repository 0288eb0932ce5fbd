package dev.lox.it.apps;

import dev.lox.Lox;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A sample application compiled against lox-api, run by {@code AnnotatedAppIT} with the agent. It
 * prints {@code key=value} lines the test reads. Concurrency is shown by the most calls in flight
 * at once: each call waits (bounded) until all {@value #CALLS} have started, so run one after
 * another they would see a high-water mark of 1.
 */
public final class AnnotatedApp {
    static final int CALLS = 4;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger highWater = new AtomicInteger();
    private final Set<String> threads = new ConcurrentSkipListSet<>();
    private volatile CountDownLatch allStarted = new CountDownLatch(CALLS);
    private final long waitMillis;

    AnnotatedApp(long waitMillis) {
        this.waitMillis = waitMillis;
    }

    @Lox.Thread(CALLS)
    void download(int i) {
        threads.add(Thread.currentThread().getName());
        highWater.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            CountDownLatch latch = allStarted;
            latch.countDown();
            latch.await(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Lox.Gather
    void downloadAll() {
        for (int i = 0; i < CALLS; i++) {
            download(i);
        }
    }

    @Lox.Thread(2)
    CompletableFuture<String> upper(String s) {
        return CompletableFuture.completedFuture(s.toUpperCase() + "@" + Thread.currentThread().getName());
    }

    @Lox.Thread
    int square(int x) {
        return x * x;
    }

    @Lox.Thread
    void fail(String message) {
        throw new IllegalArgumentException(message);
    }

    @Lox.Gather
    void failingRegion() {
        fail("call failed");
        throw new IllegalStateException("region failed");
    }

    @Lox.Gather
    void regionWithFailingCall() {
        fail("only the call failed");
    }

    private void reset() {
        highWater.set(0);
        threads.clear();
        allStarted = new CountDownLatch(CALLS);
    }

    private void report(String key) {
        System.out.println(key + ".highWater=" + highWater.get());
        System.out.println(key + ".threads=" + new TreeSet<>(threads));
    }

    public static void main(String[] args) {
        long waitMillis = args.length > 0 ? Long.parseLong(args[0]) : 10_000;
        AnnotatedApp app = new AnnotatedApp(waitMillis);
        System.out.println("caller=" + Thread.currentThread().getName());

        app.downloadAll();
        app.report("region");

        app.reset();
        Lox.gather(() -> {
            for (int i = 0; i < CALLS; i++) {
                app.download(i);
            }
        });
        app.report("lambda");

        app.reset();
        app.allStarted = new CountDownLatch(1); // a lone call must not wait for company
        app.download(0);
        app.report("outside");

        AtomicReference<CompletableFuture<String>> future = new AtomicReference<>();
        Lox.gather(() -> future.set(app.upper("abc")));
        System.out.println("future.result=" + future.get().join());

        int[] squares = new int[2];
        Lox.gather(() -> {
            squares[0] = app.square(7);
            squares[1] = app.square(8);
        });
        System.out.println("value.result=" + squares[0] + "," + squares[1]);

        try {
            app.failingRegion();
            System.out.println("exception.class=none");
        } catch (RuntimeException e) {
            System.out.println("exception.class=" + e.getClass().getSimpleName() + ": " + e.getMessage());
            for (Throwable s : e.getSuppressed()) {
                System.out.println("exception.suppressed=" + s.getClass().getSimpleName() + ": " + s.getMessage());
            }
        }
        try {
            app.regionWithFailingCall();
            System.out.println("callException.class=none");
        } catch (RuntimeException e) {
            System.out.println("callException.class=" + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        System.out.println("done");
    }
}
