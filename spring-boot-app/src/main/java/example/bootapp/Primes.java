package example.bootapp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/** Thread-safe, CPU-bound: counts the primes of a range, keeping nothing between calls. */
public final class Primes {
    private Primes() {
    }

    /** The number of primes in {@code [from, from + length)}, and the thread that counted them. */
    public static Future<String> count(long from, int length) {
        long n = 0;
        for (long x = Math.max(2, from); x < from + length; x++) {
            boolean prime = true;
            for (long d = 2; d * d <= x; d++) {
                if (x % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                n++;
            }
        }
        return CompletableFuture.completedFuture(n + " " + Thread.currentThread().getName());
    }
}
