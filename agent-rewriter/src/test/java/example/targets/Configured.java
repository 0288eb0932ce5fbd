package example.targets;

import java.util.Queue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/** No annotations: made parallel by config rules only. */
public class Configured {
    public void work(CyclicBarrier barrier, Queue<String> threads) throws Exception {
        threads.add(Thread.currentThread().getName());
        barrier.await(10, TimeUnit.SECONDS);
    }

    public void workAll(CyclicBarrier barrier, Queue<String> threads) throws Exception {
        for (int i = 0; i < barrier.getParties(); i++) {
            work(barrier, threads);
        }
    }
}
