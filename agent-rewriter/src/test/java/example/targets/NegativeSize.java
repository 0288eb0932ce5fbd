package example.targets;

import dev.lox.Lox;
import java.util.Queue;

public class NegativeSize {
    @Lox.Thread(-1)
    public void work(Queue<String> seen) {
        seen.add(Thread.currentThread().getName());
    }
}
