package example.targets;

import dev.lox.Lox;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/** Regions whose calls have hazards: run as written unless accepted. */
public class Hazards {
    @Lox.Thread(2)
    void record(CyclicBarrier barrier, Queue<String> threads) throws Exception {
        threads.add(Thread.currentThread().getName());
        barrier.await(10, TimeUnit.SECONDS);
    }

    /** Reads the barrier after each call (the loop's condition): used-after. */
    @Lox.Gather
    void readsAfter(CyclicBarrier barrier, Queue<String> threads) throws Exception {
        for (int i = 0; i < barrier.getParties(); i++) {
            record(barrier, threads);
        }
    }

    /** The same, accepted. */
    @Lox.Gather(accept = "used-after")
    void readsAfterAccepted(CyclicBarrier barrier, Queue<String> threads) throws Exception {
        for (int i = 0; i < barrier.getParties(); i++) {
            record(barrier, threads);
        }
    }

    @Lox.Thread(2)
    void fail(String item, Queue<String> done) {
        if (item.startsWith("bad")) {
            throw new IllegalArgumentException(item);
        }
        done.add(item);
    }

    /** A per-item catch: try-catch. Without lox the catch skips the bad item; so it must with the agent. */
    @Lox.Gather
    int skipFailures(List<String> items, Queue<String> done) {
        int failed = 0;
        for (String item : items) {
            try {
                fail(item, done);
            } catch (IllegalArgumentException e) {
                failed++;
            }
        }
        return failed;
    }

    /** The loop in a private helper: the helper's call is the scattered call, used after. */
    @Lox.Gather
    int viaHelper(CyclicBarrier barrier, Queue<String> threads) throws Exception {
        recordAll(barrier, threads);
        return threads.size();
    }

    private void recordAll(CyclicBarrier barrier, Queue<String> threads) throws Exception {
        int parties = barrier.getParties();
        for (int i = 0; i < parties; i++) {
            record(barrier, threads);
        }
    }

    /** A bad name in accept: said, and the calls stay synchronous. */
    @Lox.Gather(accept = "reads")
    void badAccept(CyclicBarrier barrier, Queue<String> threads) throws Exception {
        for (int i = 0; i < barrier.getParties(); i++) {
            record(barrier, threads);
        }
    }
}
