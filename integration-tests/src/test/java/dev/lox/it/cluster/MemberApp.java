package dev.lox.it.cluster;

import dev.lox.Lox;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

/** A driver whose calls run on a member started by {@code java -jar lox-agent.jar member}, run by {@link MemberCommandIT}. */
public final class MemberApp {
    private MemberApp() {
    }

    /** The JVM that ran the call, and its result, so the test can tell who answered and that it answered right. */
    static String whoSquares(int x) {
        return ProcessHandle.current().pid() + ":" + (long) x * x;
    }

    public static void main(String[] args) throws Exception {
        var square = Lox.cluster(4).of(MemberApp::whoSquares);
        int calls = Integer.parseInt(args[0]);
        for (int i = 0; i < calls; i++) {
            square.scatter(i);
        }
        List<String> answers = square.gather(Duration.ofSeconds(90));
        TreeSet<String> pids = new TreeSet<>();
        boolean right = true;
        for (int i = 0; i < calls; i++) {
            String[] answer = answers.get(i).split(":");
            pids.add(answer[0]);
            right &= Long.parseLong(answer[1]) == (long) i * i;
        }
        System.out.println("answered by " + pids);
        System.out.println("driver " + ProcessHandle.current().pid());
        System.out.println("results right " + right);
    }
}
