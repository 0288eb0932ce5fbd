package dev.lox.it.cluster;

import dev.lox.Lox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A user's application with a cluster pool, run with the real agent jar by {@link ClusterModeIT}. */
public final class ClusterApp {
    private ClusterApp() {
    }

    /** A tile of a picture: which tile, and which JVM rendered it. */
    public record Tile(int index, long checksum, long renderedBy) {
    }

    @Lox.Cluster(4)
    static Tile render(int index) {
        long sum = 0;
        for (int i = 0; i < 200_000; i++) {
            sum += (long) i * index % 7;
        }
        return new Tile(index, sum, ProcessHandle.current().pid());
    }

    static long expected(int index) {
        long sum = 0;
        for (int i = 0; i < 200_000; i++) {
            sum += (long) i * index % 7;
        }
        return sum;
    }

    static int fail(int x) {
        throw new IllegalStateException("tile " + x + " is broken");
    }

    public static void main(String[] args) throws Exception {
        var render = Lox.of(ClusterApp::render);
        for (int i = 0; i < 16; i++) {
            render.scatter(i);
        }
        List<Tile> tiles = render.gather(Duration.ofSeconds(90));
        List<Integer> order = new ArrayList<>();
        Set<Long> renderers = new HashSet<>();
        boolean right = true;
        for (Tile t : tiles) {
            order.add(t.index());
            renderers.add(t.renderedBy());
            right &= t.checksum() == expected(t.index());
        }
        System.out.println("order " + order);
        System.out.println("checksums right " + right);
        System.out.println("in the driver " + renderers.contains(ProcessHandle.current().pid()) + ", members " + renderers.size());
        var fail = Lox.cluster(2).of(ClusterApp::fail);
        fail.scatter(3);
        try {
            fail.gather(Duration.ofSeconds(60));
        } catch (IllegalStateException e) {
            System.out.println("failure " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
