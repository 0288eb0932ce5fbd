package example.targets;

import dev.lox.Lox;
import java.util.Queue;

/** Parallel marks on methods without a body: an interface's abstract method, by rule and by annotation. */
public interface Contract {
    void work(Queue<String> seen);

    @Lox.Thread(2)
    void marked(Queue<String> seen);
}
