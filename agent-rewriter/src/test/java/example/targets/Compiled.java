package example.targets;

import java.util.List;
import java.util.Queue;

/** Compiler-generated methods: a lambda body (lambda$each$0) and, in the enum, $values(). */
public class Compiled {
    public void each(List<String> items, Queue<String> seen) {
        items.forEach(item -> seen.add(item));
    }

    public enum Shade {
        LIGHT, DARK;

        public void paint(Queue<String> seen) {
            seen.add(name());
        }
    }
}
