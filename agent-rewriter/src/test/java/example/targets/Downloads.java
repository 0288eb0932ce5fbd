package example.targets;

import dev.lox.Lox;
import java.util.Queue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

public class Downloads {
    /** Passes only when {@code barrier.getParties()} calls are in it at once (bounded). */
    @Lox.Thread(3)
    void download(CyclicBarrier barrier, Queue<String> threads) throws Exception {
        threads.add(Thread.currentThread().getName());
        barrier.await(10, TimeUnit.SECONDS);
    }

    @Lox.Gather
    void downloadAll(CyclicBarrier barrier, Queue<String> threads) throws Exception {
        int parties = barrier.getParties(); // read before the calls: after one, a use of barrier is a hazard
        for (int i = 0; i < parties; i++) {
            download(barrier, threads);
        }
    }
}
