package example.targets;

import dev.lox.Lox;
import java.util.Queue;
import java.util.concurrent.CyclicBarrier;

/** A region calling an annotated parallel method of another class, which the planner reads from its class file. */
public class CrossCaller {
    @Lox.Gather
    int callsAndReads(Hazards hazards, CyclicBarrier barrier, Queue<String> threads) throws Exception {
        hazards.record(barrier, threads);
        return threads.size();
    }
}
