package example.targets;

import dev.lox.Lox;
import java.util.List;
import java.util.Queue;

/** A parallel method called from a lambda and a method reference handed to Lox.gather, and from a lambda handed to forEach. */
public class LambdaBodies {
    @Lox.Thread(3)
    static void record(Queue<String> threads) {
        threads.add(Thread.currentThread().getName());
    }

    public static void inGatherBlock(Queue<String> threads) {
        Lox.gather(() -> {
            record(threads);
            record(threads);
        });
    }

    public static void inForEach(Queue<String> threads, List<Integer> items) {
        Lox.gather(() -> items.forEach(item -> record(threads)));
    }

    private static Queue<String> shared;

    static void recordTwice() {
        Queue<String> threads = shared; // read once: a read of LambdaBodies' statics after a call would be static-read
        record(threads);
        record(threads);
    }

    public static void viaReference(Queue<String> threads) {
        shared = threads;
        Lox.gather(LambdaBodies::recordTwice);
    }
}
