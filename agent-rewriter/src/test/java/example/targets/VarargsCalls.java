package example.targets;

import dev.lox.Lox;
import java.util.Queue;

public class VarargsCalls {
    @Lox.Thread(2)
    void record(Queue<String> joined, String... parts) {
        joined.add(String.join("+", parts) + " on " + Thread.currentThread().getName());
    }

    @Lox.Gather
    void recordAll(Queue<String> joined) {
        record(joined, "a", "b");
        record(joined);
    }
}
