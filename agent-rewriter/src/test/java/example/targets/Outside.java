package example.targets;

import dev.lox.Lox;
import java.util.Queue;

public class Outside {
    @Lox.Thread(3)
    static void record(Queue<String> threads) {
        threads.add(Thread.currentThread().getName());
    }
}
