package dev.lox.samples.downloads;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A network that is slow the same way every time: a URL's latency (50 to 150 ms) and content are
 * functions of the URL alone, so a batch's results are identical run after run, sequential or
 * parallel, and only its wall time changes. No socket is opened; the time is spent sleeping, as a
 * thread blocked on I/O would.
 */
final class SimulatedNetwork {
    static final int MIN_LATENCY_MILLIS = 50;
    static final int MAX_LATENCY_MILLIS = 150;

    /** The latency of {@code url}: the same on every run (String.hashCode is specified, not random). */
    static int latencyMillis(String url) {
        return MIN_LATENCY_MILLIS + Math.floorMod(url.hashCode(), MAX_LATENCY_MILLIS - MIN_LATENCY_MILLIS + 1);
    }

    /** Blocks for the URL's latency, then returns its content's size and checksum. */
    Download get(String url) {
        try {
            Thread.sleep(latencyMillis(url));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading " + url, e);
        }
        byte[] digest = sha256(url);
        // 1 KiB to 1 MiB, from the digest: deterministic, and different enough between URLs to
        // make a mix-up visible in the output.
        int size = 1024 + Math.floorMod((digest[0] << 16) | ((digest[1] & 0xff) << 8) | (digest[2] & 0xff), 1024 * 1023);
        return new Download(url, size, hex(sha256(url + "#" + size), 8));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java SE platform must provide", e);
        }
    }

    private static String hex(byte[] bytes, int count) {
        StringBuilder out = new StringBuilder(2 * count);
        for (int i = 0; i < count; i++) {
            out.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
        }
        return out.toString();
    }
}
