package example.targets;

import dev.lox.Lox;

public class FastPath {
    @Lox.Thread
    void work(int a, String b, long c) {
    }
}
