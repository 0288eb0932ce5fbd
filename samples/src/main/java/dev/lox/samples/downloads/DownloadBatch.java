package dev.lox.samples.downloads;

import java.util.ArrayList;
import java.util.List;

/**
 * An I/O-bound batch: downloads {@code count} (default 48) simulated URLs with a {@link Downloader}
 * and prints one line per URL on stdout, in input order. The lines depend only on the URLs, so the
 * output with and without lox must be identical; the wall time and thread count, which are not, go
 * to stderr.
 *
 * <pre>
 * java -cp samples/target/lox-samples.jar dev.lox.samples.downloads.DownloadBatch [count]
 * java -javaagent:agent/target/lox-agent.jar=samples/lox.conf -cp samples/target/lox-samples.jar \
 *      dev.lox.samples.downloads.DownloadBatch [count]
 * </pre>
 */
public final class DownloadBatch {
    private static final int DEFAULT_COUNT = 48;
    private static final String[] MIRRORS = {"mirror-a.example.org", "mirror-b.example.org", "cdn.example.net"};

    private DownloadBatch() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? parseCount(args[0]) : DEFAULT_COUNT;
        List<String> urls = urls(count);

        // Made before the clock starts: loading Downloader is when an agent rewrites it, a one-off
        // cost that belongs to start-up (the whole process's time shows it), not to the downloads.
        Downloader downloader = new Downloader();
        long start = System.nanoTime();
        List<Download> results = downloader.fetchAll(urls);
        long millis = (System.nanoTime() - start) / 1_000_000;

        StringBuilder report = new StringBuilder();
        for (Download download : results) {
            report.append(download).append('\n');
        }
        System.out.print(report);
        System.out.flush();
        System.err.println("DownloadBatch: " + count + " downloads in " + millis + " ms wall time, fetch ran on "
                + downloader.threadsUsed().size() + " thread(s)");
    }

    /** The batch's URLs: a fixed list, so that every run downloads the same things. */
    static List<String> urls(int count) {
        List<String> urls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            urls.add("https://" + MIRRORS[i % MIRRORS.length] + "/datasets/part-" + String.format("%04d", i) + ".bin");
        }
        return urls;
    }

    private static int parseCount(String arg) {
        try {
            int count = Integer.parseInt(arg);
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below, with the usage
        }
        System.err.println("DownloadBatch: the count of URLs must be a whole number, 0 or more; got '" + arg
                + "'. Usage: DownloadBatch [count]");
        System.exit(2);
        return 0;
    }
}
