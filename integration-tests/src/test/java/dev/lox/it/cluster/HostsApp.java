package dev.lox.it.cluster;

import dev.lox.Lox;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The driver of {@link ClusterHostsIT}: a batch on members on three hosts; the test cuts a host's link once the
 * batch is under way, and says so on this JVM's stdin.
 */
public final class HostsApp {
    private HostsApp() {
    }

    /** A tile of work (the sleep is the work's length, not a wait for anything): the host that did it, and the result. */
    static String tile(int x) throws InterruptedException {
        Thread.sleep(400);
        return System.getenv("LOX_IT_HOST") + ":" + (long) x * x;
    }

    public static void main(String[] args) throws Exception {
        int calls = Integer.parseInt(args[0]);
        var tile = Lox.cluster(12).of(HostsApp::tile);
        CompletableFuture<String> first = null;
        for (int i = 0; i < calls; i++) {
            CompletableFuture<String> f = tile.scatter(i);
            first = first == null ? f : first;
        }
        first.get(120, TimeUnit.SECONDS);
        System.out.println("under way");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String said = in.readLine(); // the test says "cut" once the link is down
        long cut = System.nanoTime();
        List<String> answers = tile.gather(Duration.ofSeconds(240));
        long after = System.nanoTime() - cut;
        TreeMap<String, Integer> byHost = new TreeMap<>();
        boolean right = true;
        for (int i = 0; i < calls; i++) {
            String[] answer = answers.get(i).split(":");
            byHost.merge(answer[0], 1, Integer::sum);
            right &= Long.parseLong(answer[1]) == (long) i * i;
        }
        System.out.println("told " + said);
        System.out.println("results " + answers.size() + " right " + right);
        System.out.println("answered by " + byHost);
        System.out.printf("gathered %.1f s after the cut%n", after / 1e9);
    }
}
