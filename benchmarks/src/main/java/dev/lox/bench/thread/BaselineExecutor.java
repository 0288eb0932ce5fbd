package dev.lox.bench.thread;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The hand-written baseline the thread benchmarks hold lox against: a fixed pool of daemon threads. */
final class BaselineExecutor {
    private BaselineExecutor() {
    }

    /** {@code threads} daemon threads, like lox's: neither pool may keep the fork alive. */
    static ExecutorService fixed(int threads) {
        return Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "executor-baseline");
            thread.setDaemon(true);
            return thread;
        });
    }
}
