package example.targets;

import dev.lox.Lox;
import example.hidden.Foreign;
import java.util.Queue;

public class ForeignAnnotated {
    @Foreign
    @Lox.Thread(2)
    static void record(Queue<String> threads) {
        threads.add(Thread.currentThread().getName());
    }
}
