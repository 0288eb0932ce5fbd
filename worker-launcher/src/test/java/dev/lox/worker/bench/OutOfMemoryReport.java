package dev.lox.worker.bench;

import dev.lox.Lox;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * How long a runaway call takes to be reported: one call that allocates until its worker runs out of
 * heap, scattered through the public handle on a fresh pool; prints the time from scatter to the
 * call's failure (worker start included). Run with the agent, once per heap setting, alternating
 * (docs/benchmarks-process.md has the loop and the figures):
 *
 * <pre>
 * java -javaagent:agent/target/lox-agent.jar -cp worker-launcher/target/test-classes dev.lox.worker.bench.OutOfMemoryReport
 * java -javaagent:agent/target/lox-agent.jar -Dlox.process.jvmArgs=-XX:MaxRAMPercentage=25 ... (the JVM's own default)
 * </pre>
 */
public final class OutOfMemoryReport {
    private OutOfMemoryReport() {
    }

    static int allocateForever() {
        List<long[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new long[1 << 20]);
        }
    }

    public static void main(String[] args) throws Exception {
        var oom = Lox.process(1).of(OutOfMemoryReport::allocateForever);
        long start = System.nanoTime();
        try {
            oom.scatter().get(300, TimeUnit.SECONDS);
            System.out.println("the call returned: it should have run out of memory");
            System.exit(1);
        } catch (ExecutionException e) {
            System.out.println("reported after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms: "
                    + e.getCause().getClass().getSimpleName());
        }
        System.exit(0);
    }
}
