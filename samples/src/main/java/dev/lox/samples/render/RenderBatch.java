package dev.lox.samples.render;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A CPU-bound batch: renders an image of {@code tiles} tiles (default 16) with the
 * {@link LegacyRenderer}, {@code passes} times (default 2), and prints one checksum line per tile
 * on stdout. The checksums depend only on the tile, so the output with and without lox must be
 * identical; the wall time of each pass and where the tiles were rendered, which are not, go to
 * stderr. The second pass shows the steady state: under lox its workers are already running.
 *
 * <pre>
 * java -cp samples/target/lox-samples.jar dev.lox.samples.render.RenderBatch [tiles] [passes]
 * java -javaagent:agent/target/lox-agent.jar=samples/lox-process.conf -cp samples/target/lox-samples.jar \
 *      dev.lox.samples.render.RenderBatch [tiles] [passes]
 * </pre>
 *
 * If a pass disagrees with the first (as when the renderer runs on several threads at once, which it
 * does not support), a {@code MISMATCH} line on stdout names the tiles.
 */
public final class RenderBatch {
    private static final int DEFAULT_TILES = 16;
    private static final int DEFAULT_PASSES = 2;

    private RenderBatch() {
    }

    public static void main(String[] args) throws Exception {
        int tiles = args.length > 0 ? parse(args[0], "tiles", 1) : DEFAULT_TILES;
        int passes = args.length > 1 ? parse(args[1], "passes", 1) : DEFAULT_PASSES;

        List<List<Tile>> results = new ArrayList<>(passes);
        StringBuilder timing = new StringBuilder("RenderBatch: " + tiles + " tiles");
        for (int pass = 1; pass <= passes; pass++) {
            long start = System.nanoTime();
            List<Tile> rendered = LegacyRenderer.renderAll(tiles);
            long millis = (System.nanoTime() - start) / 1_000_000;
            results.add(rendered);
            timing.append(pass == 1 ? ", " : "; ").append("pass ").append(pass).append(" in ").append(millis)
                    .append(" ms wall time");
        }

        List<Tile> first = results.get(0);
        StringBuilder report = new StringBuilder();
        for (Tile tile : first) {
            report.append(tile).append('\n');
        }
        for (int pass = 2; pass <= passes; pass++) {
            List<Integer> differing = differing(first, results.get(pass - 1));
            if (!differing.isEmpty()) {
                report.append("MISMATCH: pass ").append(pass).append(" differs from pass 1 in tiles ")
                        .append(differing).append('\n');
            }
        }
        System.out.print(report);
        System.out.flush();

        Set<Long> pids = new HashSet<>();
        Set<String> threads = new HashSet<>();
        for (List<Tile> pass : results) {
            for (Tile tile : pass) {
                pids.add(tile.pid());
                threads.add(tile.pid() + "/" + tile.thread());
            }
        }
        System.err.println(timing + "; rendered by " + pids.size() + " JVM(s) on " + threads.size() + " thread(s)");
    }

    private static List<Integer> differing(List<Tile> expected, List<Tile> actual) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i).checksum() != actual.get(i).checksum()) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    private static int parse(String arg, String what, int min) {
        try {
            int value = Integer.parseInt(arg);
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the usage
        }
        System.err.println("RenderBatch: the number of " + what + " must be a whole number, " + min + " or more; got '"
                + arg + "'. Usage: RenderBatch [tiles] [passes]");
        System.exit(2);
        return 0;
    }
}
