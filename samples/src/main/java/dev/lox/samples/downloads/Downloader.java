package dev.lox.samples.downloads;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Downloads URLs one after the other, as plenty of existing code does: no threads, no lox, nothing
 * to recompile. With the agent and samples/lox.conf,
 *
 * <pre>
 * thread(16) dev.lox.samples.downloads.Downloader#fetch
 * gather     dev.lox.samples.downloads.Downloader#fetchAll
 * </pre>
 *
 * {@link #fetchAll} becomes a gather region, so each plain call it makes to {@link #fetch} returns
 * at once while the download runs on one of 16 threads, and the results are the same.
 *
 * <p>Why {@code fetch} returns a future rather than {@code void}: a gather region gathers when the
 * method <em>returns</em>, after its return value has been computed. A {@code void fetch} would let
 * {@code fetchAll} read the map before the downloads were done; waiting on the futures inside
 * {@code fetchAll} is correct both sequentially (they are already complete) and under lox (they
 * complete as the pool finishes each download).
 */
public class Downloader {
    private final SimulatedNetwork network = new SimulatedNetwork();
    private final Map<String, Download> downloaded = new ConcurrentHashMap<>();
    private final Set<String> threadsUsed = ConcurrentHashMap.newKeySet();

    /**
     * Downloads {@code url}, keeps the result, and returns it as a completed future. Thread-safe:
     * under lox, calls run concurrently on the method's pool.
     */
    public CompletableFuture<Download> fetch(String url) {
        threadsUsed.add(Thread.currentThread().getName());
        Download download = network.get(url);
        downloaded.put(url, download);
        return CompletableFuture.completedFuture(download);
    }

    /** Downloads every URL and returns the results in the order of {@code urls}. */
    public List<Download> fetchAll(List<String> urls) {
        List<CompletableFuture<Download>> calls = new ArrayList<>(urls.size());
        for (String url : urls) {
            calls.add(fetch(url));
        }
        List<Download> results = new ArrayList<>(urls.size());
        for (int i = 0; i < urls.size(); i++) {
            calls.get(i).join();
            results.add(downloaded.get(urls.get(i)));
        }
        return results;
    }

    /** The names of the threads that ran {@link #fetch}: one without lox, up to the pool's size with it. */
    public Set<String> threadsUsed() {
        return Set.copyOf(threadsUsed);
    }
}
