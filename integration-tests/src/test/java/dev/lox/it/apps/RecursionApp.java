package dev.lox.it.apps;

import dev.lox.Lox;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Parallel methods that wait for calls of their own pool (issue 7, item 4): each case prints its
 * result, the same with the agent as without, and none may hang.
 */
public final class RecursionApp {
    static final List<Integer> VISITED = new CopyOnWriteArrayList<>();
    static final List<String> VISIT_THREADS = new CopyOnWriteArrayList<>();

    /** A gather region whose parallel method opens the region again, on a pool of one thread. */
    @Lox.Gather
    static void walk(int depth) {
        visit(depth);
    }

    @Lox.Thread(1)
    static void visit(int depth) {
        VISITED.add(depth);
        VISIT_THREADS.add(Thread.currentThread().getName());
        if (depth > 0) {
            walk(depth - 1);
        }
    }

    /** Scatters to its own pool of one thread and waits with get(). */
    @Lox.Thread(1)
    static int depth(int n) throws Exception {
        return n == 0 ? 0 : Lox.of(RecursionApp::depth).scatter(n - 1).get() + 1;
    }

    @Lox.Thread(2)
    static int fib(int n) {
        if (n < 2) {
            return n;
        }
        var fib = Lox.of(RecursionApp::fib);
        fib.scatter(n - 1);
        fib.scatter(n - 2);
        List<Integer> halves = fib.gather();
        return halves.get(0) + halves.get(1);
    }

    public static void main(String[] args) throws Exception {
        walk(6);
        System.out.println("region=" + VISITED);
        System.out.println("get=" + Lox.of(RecursionApp::depth).call(12));
        var fib = Lox.of(RecursionApp::fib);
        fib.scatter(15);
        System.out.println("fib=" + fib.gather());
        System.out.println("visits.scattered=" + VISIT_THREADS.stream().allMatch(name -> name.startsWith("lox-")));
    }
}
