package dev.lox.samples.render;

/**
 * One rendered tile: its index, the checksum of its pixels, and who rendered it.
 *
 * @param index the tile's position in the batch, from 0
 * @param checksum a checksum of the tile's iteration counts, row by row: the same on every run
 * @param pid the process that rendered it (the batch's own JVM, or a worker JVM under lox)
 * @param thread the name of the thread that rendered it
 */
public record Tile(int index, long checksum, long pid, String thread) {

    /** One line of the batch's report: the same line for the same tile on every run, wherever it ran. */
    @Override
    public String toString() {
        return String.format("tile %02d checksum %016x", index, checksum);
    }
}
