package example.targets;

import dev.lox.Lox;
import java.util.Queue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/** A virtual method by annotation, another by config rule ({@code virtual(3) ...#head}), each with its region. */
public class VirtualCalls {
    /** Passes only when {@code barrier.getParties()} calls are in it at once (bounded). */
    @Lox.Virtual
    void fetch(CyclicBarrier barrier, Queue<Thread> threads) throws Exception {
        threads.add(Thread.currentThread());
        barrier.await(10, TimeUnit.SECONDS);
    }

    @Lox.Gather
    void fetchAll(CyclicBarrier barrier, Queue<Thread> threads) throws Exception {
        int parties = barrier.getParties(); // read before the calls: a read of an argument after one would keep it synchronous (used-after)
        for (int i = 0; i < parties; i++) {
            fetch(barrier, threads);
        }
    }

    void head(CyclicBarrier barrier, Queue<Thread> threads) throws Exception {
        threads.add(Thread.currentThread());
        barrier.await(10, TimeUnit.SECONDS);
    }

    @Lox.Gather
    void headAll(CyclicBarrier barrier, Queue<Thread> threads) throws Exception {
        int parties = barrier.getParties(); // read before the calls: a read of an argument after one would keep it synchronous (used-after)
        for (int i = 0; i < parties; i++) {
            head(barrier, threads);
        }
    }
}
