package example.targets;

import dev.lox.Lox;
import java.util.Queue;

public class Monitors {
    @Lox.Thread(2)
    synchronized void one(Queue<String> seen) {
        seen.add("one");
    }

    @Lox.Thread(2)
    static synchronized void lone(Queue<String> seen) {
        seen.add("lone");
    }

    @Lox.Gather
    synchronized void all(Queue<String> seen) {
        one(seen);
        lone(seen);
    }
}
