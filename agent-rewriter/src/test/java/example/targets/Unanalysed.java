package example.targets;

import dev.lox.Lox;
import java.util.Queue;

/** A parallel method called only from code the agent does not rewrite. */
public class Unanalysed {
    @Lox.Thread(3)
    static void record(Queue<String> threads) {
        threads.add(Thread.currentThread().getName());
    }
}
