package example.targets;

import dev.lox.Lox;
import java.util.Queue;

/** A hazardous call in a Lox.gather block (a lambda body), and one in a method no region reaches. */
public class LambdaRegion {
    @Lox.Thread(2)
    void record(Queue<String> threads) {
        threads.add(Thread.currentThread().getName());
    }

    int inBlock(Queue<String> threads) {
        int[] size = new int[1];
        Lox.gather(() -> {
            record(threads);
            size[0] = threads.size();
        });
        return size[0];
    }

    int outside(Queue<String> threads) {
        record(threads);
        return threads.size();
    }
}
