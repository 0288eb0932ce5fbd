package demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A legacy renderer: CPU-bound, and not thread-safe, because every tile is rendered into one
 * static scratch buffer. Two threads rendering at once would mix their rows; two worker JVMs, each
 * with its own statics, cannot. This file knows nothing of lox: lox.conf beside it makes
 * {@link #renderAll} render its tiles across worker JVMs.
 *
 * <p>Run: {@code java [-javaagent:lox-agent.jar=lox.conf] -cp build demo.LegacyRenderer [tiles]}. It
 * renders the tiles once serially (plain calls outside a gather region always run in the caller),
 * then twice through {@link #renderAll}, and checks that all give the same checksums.
 */
public class LegacyRenderer {
    static final int WIDTH = 480;
    static final int HEIGHT = 60;
    static final int MAX_ITERATIONS = 5000;

    /** Shared scratch state, as legacy code has it: the reason this class is not thread-safe. */
    private static final int[] ROW = new int[WIDTH];
    private static long checksum;

    /** Renders one tile of a Mandelbrot set into the static row buffer; returns its checksum. */
    public static Future<Long> renderTile(int tile) {
        checksum = 0;
        for (int y = 0; y < HEIGHT; y++) {
            double ci = -1.2 + 2.4 * (tile * HEIGHT + y) / (HEIGHT * 16.0);
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
        return CompletableFuture.completedFuture(checksum);
    }

    /** Renders every tile. With lox.conf, the calls to renderTile in here run in worker JVMs. */
    public static List<Long> renderAll(int tiles) throws InterruptedException, ExecutionException {
        List<Future<Long>> parts = new ArrayList<>();
        for (int tile = 0; tile < tiles; tile++) {
            parts.add(renderTile(tile));
        }
        List<Long> sums = new ArrayList<>();
        for (Future<Long> part : parts) {
            sums.add(part.get());
        }
        return sums;
    }

    public static void main(String[] args) throws Exception {
        int tiles = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        renderTile(0).get(); // warm up the JIT, as the workers will be after their first tile

        long start = System.nanoTime();
        List<Long> serial = new ArrayList<>();
        for (int tile = 0; tile < tiles; tile++) {
            serial.add(renderTile(tile).get());
        }
        long serialNanos = System.nanoTime() - start;

        start = System.nanoTime();
        List<Long> first = renderAll(tiles);
        long firstNanos = System.nanoTime() - start;
        start = System.nanoTime();
        List<Long> warm = renderAll(tiles);
        long warmNanos = System.nanoTime() - start;

        System.out.printf("serial:             %d tiles in %d ms%n", tiles, serialNanos / 1_000_000);
        System.out.printf("renderAll, first:   %d tiles in %d ms (%.2fx; with lox, includes starting the workers)%n",
                tiles, firstNanos / 1_000_000, (double) serialNanos / firstNanos);
        System.out.printf("renderAll, again:   %d tiles in %d ms (%.2fx; with lox, warm workers)%n",
                tiles, warmNanos / 1_000_000, (double) serialNanos / warmNanos);
        if (!serial.equals(first) || !serial.equals(warm)) {
            System.out.println("MISMATCH: renderAll gave " + first + " and " + warm + ", serial gave " + serial);
            System.exit(1);
        }
        List<Long> parallel = warm;
        System.out.println("checksums match the serial run: " + Long.toHexString(parallel.hashCode()));
    }
}
