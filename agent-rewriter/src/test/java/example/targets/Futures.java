package example.targets;

import dev.lox.Lox;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

public class Futures {
    @Lox.Thread(2)
    CompletionStage<String> threadName(String prefix) {
        return CompletableFuture.completedFuture(prefix + Thread.currentThread().getName());
    }

    @Lox.Gather
    CompletionStage<String> scatterOne() {
        return threadName("ran on ");
    }
}
