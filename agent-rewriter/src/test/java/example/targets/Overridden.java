package example.targets;

import dev.lox.Lox;
import java.util.Queue;

public class Overridden {
    @Lox.Thread(4)
    static void record(Queue<String> threads) {
        threads.add(Thread.currentThread().getName());
    }
}
