package example.targets;

import java.util.Queue;

public class Conflict {
    public void work(Queue<String> seen) {
        seen.add(Thread.currentThread().getName());
    }
}
