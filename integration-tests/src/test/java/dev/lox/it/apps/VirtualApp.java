package dev.lox.it.apps;

import dev.lox.Lox;
import java.lang.reflect.Method;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sample application with virtual methods, run by {@code VirtualThreadsIT} with the agent; prints
 * {@code key=value} lines. Each call waits (bounded by the first argument, in ms) until as many calls
 * as the second argument says have started, so the high-water mark shows how many were in flight at
 * once: all {@value #CALLS} on virtual threads, or as many as a stand-in pool has threads.
 */
public final class VirtualApp {
    static final int CALLS = 60;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger highWater = new AtomicInteger();
    private final AtomicInteger onVirtualThreads = new AtomicInteger();
    private final CountDownLatch allStarted;
    private final long waitMillis;

    VirtualApp(long waitMillis, int startedTogether) {
        this.waitMillis = waitMillis;
        this.allStarted = new CountDownLatch(startedTogether);
    }

    @Lox.Virtual
    void fetch(int i) throws Exception {
        if (isVirtual(Thread.currentThread())) {
            onVirtualThreads.incrementAndGet();
        }
        highWater.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            allStarted.countDown();
            allStarted.await(waitMillis, TimeUnit.MILLISECONDS);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Lox.Gather
    void fetchAll() throws Exception {
        for (int i = 0; i < CALLS; i++) {
            fetch(i);
        }
    }

    private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
        try {
            Method isVirtual = Thread.class.getMethod("isVirtual");
            return (Boolean) isVirtual.invoke(thread);
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    public static void main(String[] args) throws Exception {
        VirtualApp app = new VirtualApp(Long.parseLong(args[0]), Integer.parseInt(args[1]));
        app.fetchAll();
        System.out.println("region.highWater=" + app.highWater.get());
        System.out.println("region.onVirtualThreads=" + app.onVirtualThreads.get());

        AtomicInteger running = new AtomicInteger();
        AtomicInteger bounded = new AtomicInteger();
        var three = Lox.virtual(3).of((Integer i) -> {
            bounded.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(5); // work that takes a while, so that calls overlap; no synchronisation rests on it
            running.decrementAndGet();
            return i * i;
        });
        for (int i = 0; i < 30; i++) {
            three.scatter(i);
        }
        int sum = three.gather().stream().mapToInt(Integer::intValue).sum();
        System.out.println("bounded.sum=" + sum);
        System.out.println("bounded.highWater=" + bounded.get());
    }
}
