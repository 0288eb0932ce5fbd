package dev.lox.agent.bench;

import dev.lox.agent.instrument.AgentLog;
import dev.lox.agent.plan.AgentMessages;
import dev.lox.agent.plan.Callees;
import dev.lox.agent.plan.ClassPlan;
import dev.lox.agent.plan.ClassPlanner;
import dev.lox.agent.plan.MethodPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * What planning a class costs at class load (its marks, its call sites, their hazards), per
 * region: run by {@code scripts/bench analysis}, which starts it in fresh JVMs for the cold figure
 * (the first class a JVM plans: the planner's and the analysis's own classes load and run
 * interpreted, as in the agent) and once for the warm one. Not a test.
 *
 * <pre>java -cp agent-rewriter/target/test-classes:agent/target/lox-rewriter.jar:agent/target/lox-agent.jar \
 *      dev.lox.agent.bench.AnalysisCost cold|warm</pre>
 */
public final class AnalysisCost {
    private static final List<Class<?>> CLASSES = List.of(
            example.targets.Hazards.class, example.targets.Downloads.class, example.targets.CrossCaller.class);

    private AnalysisCost() {
    }

    public static void main(String[] args) throws IOException {
        boolean cold = args.length > 0 && args[0].equals("cold");
        byte[][] files = new byte[CLASSES.size()][];
        for (int i = 0; i < files.length; i++) {
            Class<?> type = CLASSES.get(i);
            try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
                files[i] = in.readAllBytes();
            }
        }
        ClassLoader loader = AnalysisCost.class.getClassLoader();
        AgentLog quiet = new AgentLog(new PrintStream(OutputStream.nullOutputStream()), false);
        if (cold) {
            // CPU time beside wall time: on a loaded machine a cold JVM waits for a core far longer than it works.
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            ClassPlan plan = new ClassPlanner(new Callees(List.of()), new AgentMessages(quiet)).plan(loader, files[0], List.of());
            long micros = (System.nanoTime() - start) / 1000;
            long cpuMicros = (threads.getCurrentThreadCpuTime() - cpuStart) / 1000;
            // The next class: the planner's classes are loaded, its code still interpreted.
            long nextCpuStart = threads.getCurrentThreadCpuTime();
            ClassPlan next = new ClassPlanner(new Callees(List.of()), new AgentMessages(quiet)).plan(loader, files[2], List.of());
            long nextCpuMicros = (threads.getCurrentThreadCpuTime() - nextCpuStart) / 1000;
            System.out.println("cold " + micros + " " + cpuMicros + " " + regions(plan) + " " + plan.callSites().size()
                    + " " + nextCpuMicros / Math.max(1, regions(next)));
            return;
        }
        int rounds = 20_000;
        long[] perRegion = new long[rounds];
        int regions = 0;
        for (int r = 0; r < rounds; r++) {
            ClassPlanner planner = new ClassPlanner(new Callees(List.of()), new AgentMessages(quiet));
            long start = System.nanoTime();
            regions = 0;
            for (byte[] file : files) {
                regions += regions(planner.plan(loader, file, List.of()));
            }
            perRegion[r] = (System.nanoTime() - start) / regions;
        }
        long[] last = Arrays.copyOfRange(perRegion, rounds / 2, rounds); // the second half: compiled code
        Arrays.sort(last);
        System.out.printf("warm %.1f %d%n", last[last.length / 2] / 1000.0, regions);
    }

    private static int regions(ClassPlan plan) {
        int regions = 0;
        for (MethodPlan method : plan.methods()) {
            if (method.region() != null) {
                regions++;
            }
        }
        return regions;
    }
}
