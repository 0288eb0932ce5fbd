package dev.lox.samples.downloads;

/**
 * What one simulated download returned: the URL, how many bytes came back, and their checksum.
 *
 * @param url the URL fetched
 * @param size the number of bytes downloaded
 * @param sha256 the first 16 hex digits of the content's SHA-256
 */
public record Download(String url, int size, String sha256) {

    /** One line of the batch's report: the same line for the same URL on every run. */
    @Override
    public String toString() {
        return url + " size=" + size + " sha256=" + sha256;
    }
}
