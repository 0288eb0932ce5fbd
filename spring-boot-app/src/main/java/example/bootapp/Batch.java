package example.bootapp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** The two parts of the report, each a loop of plain calls whose futures it waits for itself. */
public final class Batch {
    private Batch() {
    }

    public static List<Digest> digestAll(int blocks) throws InterruptedException, ExecutionException {
        List<Future<Digest>> parts = new ArrayList<>();
        for (int block = 0; block < blocks; block++) {
            parts.add(LegacyDigester.digest(block));
        }
        List<Digest> digests = new ArrayList<>();
        for (Future<Digest> part : parts) {
            digests.add(part.get());
        }
        return digests;
    }

    public static List<String> countAll(int blocks) throws InterruptedException, ExecutionException {
        List<Future<String>> parts = new ArrayList<>();
        for (int block = 0; block < blocks; block++) {
            parts.add(Primes.count(block * 20_000L, 20_000));
        }
        List<String> counts = new ArrayList<>();
        for (Future<String> part : parts) {
            counts.add(part.get());
        }
        return counts;
    }
}
