package dev.lox.samples.render;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A legacy renderer, as old code is written: CPU-bound, and <strong>not thread-safe</strong>,
 * because every row is rendered into one static scratch buffer and summed into a static field. Two
 * threads rendering at once overwrite each other's rows; two worker JVMs, each with its own statics,
 * cannot. This class knows nothing of lox; with the agent, samples/lox-process.conf
 *
 * <pre>
 * process(2) dev.lox.samples.render.LegacyRenderer#renderTile
 * gather     dev.lox.samples.render.LegacyRenderer#renderAll
 * </pre>
 *
 * makes {@link #renderAll} a gather region, so its plain calls to {@link #renderTile} return at once
 * while the tiles render in two worker JVMs.
 *
 * <p>Why {@code renderTile} returns a future: a plain call is scattered only if the method returns
 * {@code void} or a future (any other value would need a placeholder that corrupts the caller's
 * result). Returning a completed future costs nothing without lox, and {@code renderAll} waits on
 * the futures itself, which is correct both ways: without lox they are already complete, with lox
 * they complete as the workers finish.
 */
public final class LegacyRenderer {
    /** Pixels in a row, rows in a tile: a tile is one horizontal band of the image. */
    static final int WIDTH = 480;
    static final int HEIGHT = 60;
    /** Iterations before a point counts as inside the set: what makes a tile cost tens of ms. */
    static final int MAX_ITERATIONS = 5000;

    /** Shared scratch state, as legacy code has it: the reason this class is not thread-safe. */
    private static final int[] ROW = new int[WIDTH];
    private static long checksum;

    private LegacyRenderer() {
    }

    /**
     * Renders tile {@code index} of an image of the Mandelbrot set cut into {@code tiles} bands,
     * through the static row buffer, and returns it as a completed future.
     */
    public static Future<Tile> renderTile(int index, int tiles) {
        checksum = 0;
        for (int y = 0; y < HEIGHT; y++) {
            double ci = -1.2 + 2.4 * (index * HEIGHT + y) / ((double) tiles * HEIGHT);
            for (int x = 0; x < WIDTH; x++) {
                double cr = -2.1 + 2.8 * x / WIDTH;
                double zr = 0;
                double zi = 0;
                int n = 0;
                while (n < MAX_ITERATIONS && zr * zr + zi * zi < 4) {
                    double t = zr * zr - zi * zi + cr;
                    zi = 2 * zr * zi + ci;
                    zr = t;
                    n++;
                }
                ROW[x] = n;
            }
            for (int x = 0; x < WIDTH; x++) {
                checksum = checksum * 31 + ROW[x];
            }
        }
        return CompletableFuture.completedFuture(
                new Tile(index, checksum, ProcessHandle.current().pid(), Thread.currentThread().getName()));
    }

    /** Renders every tile of the image and returns them in order. */
    public static List<Tile> renderAll(int tiles) throws InterruptedException, ExecutionException {
        List<Future<Tile>> parts = new ArrayList<>(tiles);
        for (int index = 0; index < tiles; index++) {
            parts.add(renderTile(index, tiles));
        }
        List<Tile> rendered = new ArrayList<>(tiles);
        for (Future<Tile> part : parts) {
            rendered.add(part.get());
        }
        return rendered;
    }
}
