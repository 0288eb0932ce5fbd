package example.bootapp;

/**
 * The digest of one block, and who computed it.
 *
 * @param block the block's index
 * @param value the digest: the same for the same block on every run
 * @param pid the process that computed it
 * @param thread the thread that computed it
 */
public record Digest(int block, long value, long pid, String thread) {
}
