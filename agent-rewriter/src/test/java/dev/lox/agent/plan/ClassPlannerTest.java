package dev.lox.agent.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.agent.config.Hazard;
import dev.lox.agent.config.ConfigException;
import dev.lox.agent.config.ConfigParser;
import dev.lox.agent.config.ConfigRule;
import dev.lox.internal.PoolSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Plans of the test targets' classes, read as bytes: what the rewriter would do, and the events, without rewriting. */
class ClassPlannerTest {
    private final RecordingListener listener = new RecordingListener();

    private ClassPlan plan(Class<?> target, String... configLines) throws IOException, ConfigException {
        List<ConfigRule> rules = ConfigParser.parse("test.conf", List.of(configLines));
        byte[] bytes;
        try (InputStream in = target.getResourceAsStream(target.getSimpleName() + ".class")) {
            bytes = in.readAllBytes();
        }
        return new ClassPlanner(new Callees(rules), listener).plan(target.getClassLoader(), bytes, rules);
    }

    @Test
    void anAnnotatedMethodAndRegionArePlannedWithTheirMarks() throws Exception {
        ClassPlan plan = plan(example.targets.Downloads.class);
        MethodPlan download = plan.method("download", "(Ljava/util/concurrent/CyclicBarrier;Ljava/util/Queue;)V");
        assertEquals(PoolSpec.threads(3), download.parallel().pool());
        assertEquals("@Lox.Thread(3)", download.parallel().origin());
        assertTrue(download.scatters());
        MethodPlan all = plan.method("downloadAll", "(Ljava/util/concurrent/CyclicBarrier;Ljava/util/Queue;)V");
        assertEquals("@Lox.Gather", all.region().origin());
        assertEquals(Set.of(), all.synchronousCalls(), "the loop's calls have no hazard");
        assertTrue(listener.events.contains("site downloadAll -> download scatters"), listener.events::toString);
    }

    @Test
    void aConfigRuleBeatsTheAnnotation() throws Exception {
        ClassPlan plan = plan(example.targets.Overridden.class, "thread(0) example.targets.Overridden#*");
        MethodPlan method = plan.methods().stream().filter(m -> m.parallel() != null).findFirst().orElseThrow();
        assertEquals(PoolSpec.threads(0), method.parallel().pool());
        assertEquals("test.conf:1", method.parallel().origin());
        assertNotNull(method.parallel().overridden());
    }

    @Test
    void theFirstOfTwoParallelRulesWinsAndTheOverlapIsAnEvent() throws Exception {
        ClassPlan plan = plan(example.targets.Configured.class,
                "thread(2) example.targets.Configured#work", "process(1) example.targets.Configured#*");
        MethodPlan work = plan.method("work", "(Ljava/util/concurrent/CyclicBarrier;Ljava/util/Queue;)V");
        assertEquals(PoolSpec.threads(2), work.parallel().pool());
        assertTrue(listener.events.contains("overlap work test.conf:1 test.conf:2"), listener.events::toString);
    }

    @Test
    void aHazardousCallIsPlannedSynchronousWithTheLineThatAcceptsIt() throws Exception {
        ClassPlan plan = plan(example.targets.Configured.class,
                "thread(2) example.targets.Configured#work", "gather example.targets.Configured#workAll");
        MethodPlan all = plan.method("workAll", "(Ljava/util/concurrent/CyclicBarrier;Ljava/util/Queue;)V");
        assertEquals(1, all.synchronousCalls().size());
        assertEquals(1, listener.hazardous.size());
        assertEquals(Set.of(Hazard.USED_AFTER), listener.hazardous.get(0).hazards());
        assertEquals(List.of("gather example.targets.Configured#workAll accept(used-after) @test.conf:2"), listener.accepts);
    }

    @Test
    void anAcceptingRuleScattersTheCall() throws Exception {
        ClassPlan plan = plan(example.targets.Configured.class,
                "thread(2) example.targets.Configured#work", "gather example.targets.Configured#workAll accept(used-after)");
        assertEquals(Set.of(), plan.method("workAll", "(Ljava/util/concurrent/CyclicBarrier;Ljava/util/Queue;)V").synchronousCalls());
        assertTrue(listener.hazardous.isEmpty());
    }

    @Test
    void theParallelRuleMayAcceptForEveryCallOfItsMethod() throws Exception {
        ClassPlan plan = plan(example.targets.Configured.class,
                "thread(2) example.targets.Configured#work accept(used-after)", "gather example.targets.Configured#workAll");
        assertEquals(Set.of(), plan.method("workAll", "(Ljava/util/concurrent/CyclicBarrier;Ljava/util/Queue;)V").synchronousCalls());
    }

    @Test
    void anAnnotatedRegionAcceptsByItsAnnotationAndAHelperGetsTheHelperEntry() throws Exception {
        ClassPlan plan = plan(example.targets.Hazards.class);
        String barrierQueue = "(Ljava/util/concurrent/CyclicBarrier;Ljava/util/Queue;)";
        assertEquals(Set.of(Hazard.USED_AFTER), plan.method("readsAfterAccepted", barrierQueue + "V").region().accept());
        assertEquals(Set.of(), plan.method("readsAfterAccepted", barrierQueue + "V").synchronousCalls());
        assertEquals(1, plan.method("readsAfterAccepted", barrierQueue + "V").scatteringCalls().size(),
                "the accepted call is bracketed as one that scatters");
        assertEquals(1, plan.method("readsAfter", barrierQueue + "V").synchronousCalls().size());
        assertEquals(Set.of(), plan.method("readsAfter", barrierQueue + "V").scatteringCalls());
        assertTrue(listener.accepts.contains("@Lox.Gather(accept = {\"used-after\"})"), listener.accepts::toString);
        MethodPlan helper = plan.method("recordAll", barrierQueue + "V");
        assertTrue(helper.needsHelperEntry());
        assertNull(helper.parallel());
        assertEquals(1, plan.method("viaHelper", barrierQueue + "I").synchronousCalls().size());
        assertTrue(listener.events.contains("badAccept badAccept"), listener.events::toString);
    }

    @Test
    void aValueReturningMethodIsAnEventAndNotScattered() throws Exception {
        ClassPlan plan = plan(example.targets.Values.class);
        assertFalse(plan.method("square", "(J)J").scatters());
        assertTrue(listener.events.contains("value square"), listener.events::toString);
    }

    @Test
    void aProcessAnnotationsCallTimeoutIsReadFromTheClassFile() throws Exception {
        ClassPlan plan = plan(example.targets.Values.class);
        assertEquals(PoolSpec.processes(2).withCallTimeout(java.time.Duration.ofSeconds(3)), plan.method("timed", "(J)J").parallel().pool());
        assertEquals(null, plan.method("square", "(J)J").parallel().pool().callTimeout());
        assertEquals(PoolSpec.cluster(8).withCallTimeout(java.time.Duration.ofSeconds(30)),
                plan.method("timedOnACluster", "(J)J").parallel().pool(), "a cluster annotation's too");
    }

    @Test
    void anAbstractMarkedMethodIsAnEventAndNotPlanned() throws Exception {
        ClassPlan plan = plan(example.targets.Contract.class);
        assertFalse(plan.changes());
        assertTrue(listener.events.stream().anyMatch(e -> e.startsWith("noBody")), listener.events::toString);
    }

    @Test
    void theHintForAnOverloadedValueMethodCompiles() {
        MethodFacts parse = new MethodFacts("com.example.Foo", 0x0008, "parse", "(Ljava/lang/String;I)J",
                java.util.Map.of(PoolSpec.Kind.THREAD, 4), "", false, List.of());
        String plain = HandleHint.of(parse.owner(), parse.name(), parse.descriptor(), parse.isStatic(), false);
        String cast = HandleHint.of(parse.owner(), parse.name(), parse.descriptor(), parse.isStatic(), true);
        assertEquals("Lox.of(Foo::parse)", plain);
        assertTrue(cast.startsWith("Lox.of((Fn2<String, Integer, Long>) Foo::parse)"), cast);
        String onReceiver = HandleHint.of("com.example.Crawler", "fetch", "(Ljava/lang/String;)V", false, true);
        assertTrue(onReceiver.startsWith("Lox.of((VoidFn1<String>) crawler::fetch)"), onReceiver);
    }

    @Test
    void aCallOfAnAnnotatedMethodOfAClassNotLoadedIsAnalysedFromItsClassFile() throws Exception {
        ClassPlan plan = plan(example.targets.CrossCaller.class);
        assertEquals(1, plan.callSites().size());
        assertEquals("example.targets.Hazards", plan.callSites().get(0).callee().owner());
        assertEquals(Set.of(Hazard.USED_AFTER), plan.callSites().get(0).hazards());
    }

    @Test
    void aHazardInALambdaBodyIsSaidAndOneNoRegionReachesIsNot() throws Exception {
        plan(example.targets.LambdaRegion.class);
        assertEquals(2, listener.hazardous.size(), listener.hazardous::toString);
        for (int i = 0; i < 2; i++) {
            boolean lambda = listener.hazardous.get(i).callerMethod().startsWith("lambda$");
            assertEquals(!lambda, listener.accepts.get(i).endsWith("(outside regions)"), listener.accepts::toString);
        }
    }
}
