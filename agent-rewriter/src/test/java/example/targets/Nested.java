package example.targets;

import java.util.Queue;

public class Nested {
    /** A nested type, written Nested.Job in Java source and Nested$Job as a binary name. */
    public static class Job {
        public void run(Queue<String> seen, Job self) {
            seen.add(Thread.currentThread().getName());
        }

        public void runAll(Queue<String> seen) {
            run(seen, this);
        }
    }
}
