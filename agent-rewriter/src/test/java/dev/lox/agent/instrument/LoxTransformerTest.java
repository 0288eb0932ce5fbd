package dev.lox.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.Lox;
import dev.lox.ScatterException;
import dev.lox.agent.config.ConfigException;
import dev.lox.agent.config.ConfigParser;
import dev.lox.agent.config.ConfigRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * The transformer installed in this JVM ({@code ByteBuddyAgent.install()}), each test loading its
 * own target class through a throwaway child-first loader and removing the transformer after.
 */
class LoxTransformerTest {
    private static final Instrumentation INSTRUMENTATION = ByteBuddyAgent.install();

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final AgentLog log = new AgentLog(new PrintStream(output, true, StandardCharsets.UTF_8), true);

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private Class<?> load(Class<?> target, String... configLines) throws ConfigException, ClassNotFoundException {
        return load(new ChildFirstLoader("example.targets."), target, configLines);
    }

    private Class<?> load(ChildFirstLoader loader, Class<?> target, String... configLines)
            throws ConfigException, ClassNotFoundException {
        return load(log, loader, target, configLines);
    }

    private Class<?> load(AgentLog log, ChildFirstLoader loader, Class<?> target, String... configLines)
            throws ConfigException, ClassNotFoundException {
        List<ConfigRule> rules = ConfigParser.parse("test.conf", List.of(configLines));
        LoxTransformer transformer = new LoxTransformer(rules, log);
        INSTRUMENTATION.addTransformer(transformer);
        try {
            return Class.forName(target.getName(), true, loader);
        } finally {
            INSTRUMENTATION.removeTransformer(transformer);
        }
    }

    private static Object call(Object receiver, Class<?> type, String name, Object... args) throws Throwable {
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                m.setAccessible(true);
                try {
                    return m.invoke(receiver, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new AssertionError("no method " + name + " in " + type);
    }

    private static Object newInstance(Class<?> type) throws Exception {
        return type.getDeclaredConstructor().newInstance();
    }

    /** In a @Lox.Gather method, plain calls of a @Lox.Thread void method all run at once, on the pool. */
    @Test
    void plainCallsInAGatherMethodScatter() throws Throwable {
        Class<?> downloads = load(example.targets.Downloads.class);
        CyclicBarrier barrier = new CyclicBarrier(3); // passes only with 3 calls in it at once
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        call(newInstance(downloads), downloads, "downloadAll", barrier, threads);
        assertEquals(3, threads.size());
        assertFalse(threads.contains(Thread.currentThread().getName()), threads::toString);
        assertTrue(output().contains("lox: instrumented example.targets.Downloads.download(CyclicBarrier, Queue) as thread(3)"
                + " (@Lox.Thread(3))"), output());
        assertTrue(output().contains("lox: instrumented example.targets.Downloads.downloadAll(CyclicBarrier, Queue)"
                + " as a gather region (@Lox.Gather)"), output());
    }

    /** Outside a region the method runs as written, in the caller. */
    /**
     * @Lox.Virtual and a virtual(N) config rule: plain calls in a region scatter, 3 at once, each on a
     * thread of its own (virtual on Java 21 and later; a stand-in pool before, said once).
     */
    @Test
    void virtualMethodsByAnnotationAndConfigScatter() throws Throwable {
        Class<?> type = load(example.targets.VirtualCalls.class, "virtual(3) example.targets.VirtualCalls#head");
        Object target = newInstance(type);
        for (String region : List.of("fetchAll", "headAll")) {
            Queue<Thread> threads = new ConcurrentLinkedQueue<>();
            call(target, type, region, new CyclicBarrier(3), threads);
            assertEquals(3, threads.size(), region);
            assertEquals(3, threads.stream().distinct().count(), region + ": a thread per call");
            assertFalse(threads.contains(Thread.currentThread()), region);
            if (Runtime.version().feature() >= 21) {
                Method isVirtual = Thread.class.getMethod("isVirtual");
                for (Thread thread : threads) {
                    assertEquals(true, isVirtual.invoke(thread), region + " ran on " + thread);
                }
            }
        }
        assertTrue(output().contains("lox: instrumented example.targets.VirtualCalls.fetch(CyclicBarrier, Queue) as virtual"
                + " (@Lox.Virtual)"), output());
        assertTrue(output().contains("lox: instrumented example.targets.VirtualCalls.head(CyclicBarrier, Queue) as virtual(3)"
                + " (test.conf:1)"), output());
    }

    @Test
    void outsideARegionTheBodyRunsInTheCaller() throws Throwable {
        Class<?> outside = load(example.targets.Outside.class);
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        call(null, outside, "record", threads);
        assertEquals(List.of(Thread.currentThread().getName()), new ArrayList<>(threads));
        gatherAcceptingUnanalysed(() -> invokeUnchecked(outside, "record", threads));
        assertEquals(2, threads.size());
        assertNotEquals(Thread.currentThread().getName(), new ArrayList<>(threads).get(1), "in a region it scatters");
    }

    /**
     * A call the agent did not analyse (here made through reflection, from this test's class, which
     * it did not rewrite) runs as written even in a region, and lox says so once, naming the caller
     * and the fix.
     */
    @Test
    void anUnanalysedCallInARegionRunsAsWrittenAndIsSaidOnce() throws Throwable {
        Class<?> outside = load(example.targets.Unanalysed.class, "thread(3) example.targets.Unanalysed#record");
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        String said = stderrOf(() -> {
            Lox.gather(() -> invokeUnchecked(outside, "record", threads));
            Lox.gather(() -> invokeUnchecked(outside, "record", threads));
        });
        assertEquals(List.of(Thread.currentThread().getName(), Thread.currentThread().getName()), new ArrayList<>(threads),
                "both calls ran in the caller, as written");
        assertEquals(1, said.split("\n").length, said);
        assertTrue(said.startsWith("lox: Unanalysed.record(Queue) was called in the gather region Lox.gather region from"
                + " dev.lox.agent.instrument.LoxTransformerTest.call(LoxTransformerTest.java:"), said);
        assertTrue(said.contains("so that call ran as written, not scattered, as will every such call of it; to scatter it,"
                + " call it in the region's own code"), said);
        assertTrue(said.endsWith("accept the hazard: make the Lox.gather block a method with @Lox.Gather(accept = \"unanalysed\")"
                + " or a gather rule with accept(unanalysed), or to its rule (test.conf:1)\n"), said);
    }

    /**
     * A lambda or method reference handed to Lox.gather is the region's own code: its calls scatter. A lambda handed to
     * forEach is called by JDK code: its calls run as written, said once.
     */
    @Test
    void aLoxGatherBlockScattersButALambdaCalledByForEachRunsAsWritten() throws Throwable {
        Class<?> lambdas = load(example.targets.LambdaBodies.class);
        Queue<String> block = new ConcurrentLinkedQueue<>();
        call(null, lambdas, "inGatherBlock", block);
        assertEquals(2, block.size());
        assertTrue(block.stream().allMatch(name -> name.startsWith("lox-")), block::toString);
        Queue<String> reference = new ConcurrentLinkedQueue<>();
        call(null, lambdas, "viaReference", reference);
        assertEquals(2, reference.size());
        assertTrue(reference.stream().allMatch(name -> name.startsWith("lox-")), "a method reference too: " + reference);

        Queue<String> each = new ConcurrentLinkedQueue<>();
        String said = stderrOf(() -> invokeUnchecked(lambdas, "inForEach", each, List.of(1, 2, 3)));
        assertEquals(List.of(Thread.currentThread().getName(), Thread.currentThread().getName(), Thread.currentThread().getName()),
                new ArrayList<>(each));
        assertEquals(1, said.split("\n").length, said);
        assertTrue(said.startsWith("lox: the lambda in LambdaBodies.inForEach was called in the gather region Lox.gather region from java."),
                said);
        assertTrue(said.contains("which makes scattering calls, so it ran as written and its calls did not scatter"), said);
    }

    /**
     * A call through an interface names a method the interface does not implement: the analysis
     * judges it as a call of the parallel method a rule names by that name, and at run time the
     * implementation's entry takes the call site's request, so it scatters.
     */
    @Test
    void aCallThroughAnInterfaceIsAnalysedAndScatters() throws Throwable {
        ChildFirstLoader loader = new ChildFirstLoader("example.targets.");
        String rule = "thread(3) example.targets.ViaInterface$ThreadSender#send";
        load(loader, example.targets.ViaInterface.ThreadSender.class, rule);
        Class<?> region = load(loader, example.targets.ViaInterface.class, rule);
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        String said = stderrOf(() -> invokeUnchecked(region, "sendAllWith", threads));
        assertEquals(2, threads.size());
        assertTrue(threads.stream().allMatch(name -> name.startsWith("lox-")), threads::toString);
        assertEquals("", said);
    }

    /** Through a generic interface the call names the erased method and reaches the parallel one through its bridge: it scatters. */
    @Test
    void aCallThroughAGenericInterfaceScattersThroughTheBridge() throws Throwable {
        ChildFirstLoader loader = new ChildFirstLoader("example.targets.");
        String rule = "thread(3) example.targets.ViaInterface$QueueProcessor#process";
        load(loader, example.targets.ViaInterface.QueueProcessor.class, rule);
        Class<?> region = load(loader, example.targets.ViaInterface.class, rule);
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        String said = stderrOf(() -> invokeUnchecked(region, "processAllWith", threads));
        assertEquals(2, threads.size());
        assertTrue(threads.stream().allMatch(name -> name.startsWith("lox-")), threads::toString);
        assertEquals("", said);
    }

    /** A parallel rule that accepts unanalysed lets calls from anywhere scatter, said nothing of. */
    @Test
    void aRuleAcceptingUnanalysedScattersCallsMadeAnywhere() throws Throwable {
        Class<?> outside = load(example.targets.Unanalysed.class, "thread(3) example.targets.Unanalysed#record accept(unanalysed)");
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        String said = stderrOf(() -> Lox.gather(() -> invokeUnchecked(outside, "record", threads)));
        assertEquals(1, threads.size());
        assertNotEquals(Thread.currentThread().getName(), threads.peek(), "it scattered");
        assertEquals("", said);
    }

    /** A region opened as a gather rule with accept(unanalysed) opens it: calls no call site asked for scatter. */
    private static void gatherAcceptingUnanalysed(Runnable region) {
        dev.lox.internal.GatherRegion.enter("test region", true);
        Throwable thrown = null;
        try {
            region.run();
        } catch (Throwable t) {
            thrown = t;
        }
        Throwable failure = dev.lox.internal.GatherRegion.exit(thrown);
        if (failure != null) {
            throw new AssertionError(failure);
        }
    }

    /** What {@code action} printed on System.err (lox-api's own lines go there). */
    private static String stderrOf(Runnable action) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** A method returning a CompletionStage scatters and returns a future of the method's result. */
    @Test
    void aFutureReturningMethodReturnsTheScatteredFuture() throws Throwable {
        Class<?> futures = load(example.targets.Futures.class);
        CompletionStage<?> stage = (CompletionStage<?>) call(newInstance(futures), futures, "scatterOne");
        String result = (String) stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(result.startsWith("ran on lox-"), result);
    }

    /** A value-returning method is declared, not instrumented, and runs in the caller; one message says so. */
    @Test
    void aValueReturningMethodRunsSynchronouslyAndIsNamedOnce() throws Throwable {
        Class<?> values = load(example.targets.Values.class);
        assertEquals(50L, call(null, values, "squareInRegion", 7L));
        String message = "lox: Values.square(long) returns a value, so a plain call runs it synchronously;"
                + " scatter it with Lox.of(Values::square)";
        assertEquals(1, output().lines().filter(message::equals).count(), output());
        int processors = Runtime.getRuntime().availableProcessors();
        assertTrue(output().contains("lox: declared example.targets.Values.cube(long) as process(" + processors
                + ") (@Lox.Process(" + processors + "))"), output());
    }

    /** The region's exception wins; a failed call's checked exception is suppressed into it. */
    @Test
    void aRegionsOwnExceptionWins() throws Throwable {
        Class<?> failures = load(example.targets.Failures.class);
        Object target = newInstance(failures);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> call(target, failures, "regionThrows"));
        assertEquals("the region failed", e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertInstanceOf(IOException.class, e.getSuppressed()[0]);
    }

    /** With no exception of its own, the region throws the first failed call's, checked ones wrapped. */
    @Test
    void aFailedCallIsThrownAtTheRegionsEnd() throws Throwable {
        Class<?> failures = load(example.targets.CallFailures.class);
        Object target = newInstance(failures);
        ScatterException e = assertThrows(ScatterException.class, () -> call(target, failures, "onlyTheCallFails"));
        assertInstanceOf(IOException.class, e.getCause());
        assertEquals("only the call failed", e.getCause().getMessage());
    }

    /** A class with no annotations becomes parallel by config rules alone; its hazard accepted by the rule. */
    @Test
    void configRulesMakeAPlainClassParallel() throws Throwable {
        Class<?> configured = load(example.targets.Configured.class,
                "thread(2) example.targets.Configured#work(java.util.concurrent.CyclicBarrier, java.util.Queue)",
                "gather    example.targets.Configured#workAll accept(used-after)");
        CyclicBarrier barrier = new CyclicBarrier(2);
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        call(newInstance(configured), configured, "workAll", barrier, threads);
        assertFalse(threads.contains(Thread.currentThread().getName()), threads::toString);
        assertTrue(output().contains("(test.conf:1)"), output());
        assertTrue(output().contains("as a gather region (test.conf:2)"), output());
    }

    /** A config rule wins over the method's annotation: thread(0) runs the calls in the caller. */
    @Test
    void aConfigRuleWinsOverTheAnnotation() throws Throwable {
        Class<?> overridden = load(example.targets.Overridden.class, "thread(0) example.targets.Overridden#record");
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        gatherAcceptingUnanalysed(() -> invokeUnchecked(overridden, "record", threads));
        assertEquals(List.of(Thread.currentThread().getName()), new ArrayList<>(threads));
        assertTrue(output().contains("as thread(0) (test.conf:1, overriding @Lox.Thread(4))"), output());
    }

    /** A method that also carries an annotation whose class is missing at run time is instrumented all the same. */
    @Test
    void anUnresolvableAnnotationDoesNotStopInstrumentation() throws Throwable {
        ChildFirstLoader loader = new ChildFirstLoader("example.targets.", "example.hidden.");
        assertThrows(ClassNotFoundException.class, () -> Class.forName("example.hidden.Foreign", false, loader));
        assertNull(loader.getResource("example/hidden/Foreign.class"));
        Class<?> foreign = load(loader, example.targets.ForeignAnnotated.class);
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        gatherAcceptingUnanalysed(() -> invokeUnchecked(foreign, "record", threads));
        assertEquals(1, threads.size());
        assertNotEquals(Thread.currentThread().getName(), threads.peek(), output());
        assertFalse(output().contains("could not instrument"), output());
    }

    /** A rule naming a method the class lacks is reported once the class loads, with close names. */
    @Test
    void aRuleThatMatchesNothingNamesCloseMethods() throws Throwable {
        load(example.targets.Typo.class, "thread example.targets.Typo#fecth");
        assertTrue(output().contains("lox: test.conf:1: example.targets.Typo#fecth matches no method of"
                + " example.targets.Typo; close: fetch(String)"), output());
    }

    /** A class with neither lox annotations nor a matching rule passes the pre-filter untouched: no Byte Buddy. */
    @Test
    void thePreFilterLetsPlainClassesPass() throws Exception {
        LoxTransformer transformer = new LoxTransformer(List.of(), log);
        byte[] plain = ChildFirstLoader.classFile("example.targets.Plain");
        assertNull(transformer.transform(new ChildFirstLoader("none."), "example/targets/Plain", null, null, plain));
        assertFalse(transformer.hasRewriter(), "Byte Buddy was set up for a class with nothing to instrument");
        assertFalse(ClassBytes.mentionsLoxAnnotation(plain));
        assertTrue(ClassBytes.mentionsLoxAnnotation(ChildFirstLoader.classFile("example.targets.FastPath")));
    }

    /** The search for @Lox.Carried alone, which decides whether the rewriter looks for carried fields. */
    @Test
    void carriedIsFoundOnlyWhereItIsNamed() throws Exception {
        byte[] carrying = ChildFirstLoader.classFile("example.targets.Carrying");
        byte[] fastPath = ChildFirstLoader.classFile("example.targets.FastPath");
        assertTrue(ClassBytes.mentionsCarried(carrying));
        assertTrue(ClassBytes.mentionsLoxAnnotation(fastPath));
        assertFalse(ClassBytes.mentionsCarried(fastPath), "FastPath names other lox annotations, not @Lox.Carried");
        assertFalse(ClassBytes.mentionsCarried(ChildFirstLoader.classFile("example.targets.Plain")));
    }

    /** The JDK's classes and lox's own are never instrumented, whatever the rules say. */
    @Test
    void jdkAndLoxClassesAreSkipped() throws Exception {
        LoxTransformer transformer = new LoxTransformer(
                ConfigParser.parse("test.conf", List.of("thread java.util.*#*", "thread dev.lox.*#*")), log);
        byte[] bytes = ChildFirstLoader.classFile("example.targets.FastPath");
        assertNull(transformer.transform(null, "java/util/ArrayList", null, null, bytes));
        assertNull(transformer.transform(ClassLoader.getPlatformClassLoader(), "java/util/ArrayList", null, null, bytes));
        assertNull(transformer.transform(getClass().getClassLoader(), "dev/lox/internal/GatherRegion", null, null, bytes));
        assertFalse(transformer.hasRewriter());
        assertTrue(LoxTransformer.isLoxClass("dev/lox/Lox"));
        assertTrue(LoxTransformer.isLoxClass("dev/lox/shaded/bytebuddy/ByteBuddy"));
        assertFalse(LoxTransformer.isLoxClass("dev/lox/it/apps/AnnotatedApp"), "an application's dev.lox.* package");
        assertFalse(LoxTransformer.isLoxClass("example/targets/FastPath"));
    }

    /** A class the transformer cannot rewrite loads unchanged, and the failure is reported, not swallowed. */
    @Test
    void aFailureIsLoggedAndTheClassLeftUnchanged() throws Exception {
        LoxTransformer transformer = new LoxTransformer(List.of(), log);
        byte[] broken = "not a class file, but it mentions Ldev/lox/Lox$Thread;".getBytes(StandardCharsets.US_ASCII);
        assertNull(transformer.transform(getClass().getClassLoader(), "example/targets/Broken", null, null, broken));
        assertTrue(output().startsWith("lox: could not instrument example.targets.Broken, so it runs unchanged: "), output());
    }

    /**
     * The fast path outside a region: the advice tests the region before building the argument
     * array, so a plain call allocates nothing.
     */
    @Test
    void theArgumentArrayIsBuiltOnlyInsideARegion() throws Exception {
        LoxTransformer transformer = new LoxTransformer(List.of(), log);
        byte[] rewritten = transformer.transform(getClass().getClassLoader(), "example/targets/FastPath", null, null,
                ChildFirstLoader.classFile("example.targets.FastPath"));
        List<String> events = new ArrayList<>();
        new ClassReader(rewritten).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if (!name.equals("work")) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        events.add(owner + "." + method);
                    }

                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        if (opcode == Opcodes.ANEWARRAY) {
                            events.add("new " + type + "[]");
                        }
                    }
                };
            }
        }, 0);
        int regionTest = events.indexOf("dev/lox/internal/GatherRegion.current");
        int array = events.indexOf("new java/lang/Object[]");
        assertTrue(regionTest >= 0 && array > regionTest, "expected GatherRegion.current before the array: " + events);
        assertTrue(events.indexOf("dev/lox/internal/PlainCalls.scatterIfInRegion") > array, events::toString);
    }

    /** A varargs parallel method scattered by a plain call gets its array as it was passed (was: ClassCastException). */
    @Test
    void aVarargsMethodScattersWithItsArray() throws Throwable {
        Class<?> varargs = load(example.targets.VarargsCalls.class);
        Queue<String> joined = new ConcurrentLinkedQueue<>();
        call(newInstance(varargs), varargs, "recordAll", joined);
        assertEquals(2, joined.size(), joined::toString);
        assertTrue(joined.stream().anyMatch(s -> s.startsWith("a+b on lox-")), joined::toString);
        assertTrue(joined.stream().anyMatch(s -> s.startsWith(" on lox-")), joined::toString);
    }

    /**
     * A wildcard rule matches the methods the user wrote, not those the compiler made: a lambda's body
     * ({@code lambda$each$0}) is not turned into a parallel method, nor is an enum's {@code $values()}
     * named in a "returns a value" message the user cannot act on.
     */
    @Test
    void wildcardRulesSkipCompilerGeneratedMethods() throws Throwable {
        Class<?> compiled = load(example.targets.Compiled.class, "thread(2) example.targets.Compiled*#*");
        load(example.targets.Compiled.Shade.class, "thread(2) example.targets.Compiled*#*");
        assertTrue(output().contains("lox: instrumented example.targets.Compiled.each(List, Queue) as thread(2)"), output());
        assertTrue(output().contains("lox: instrumented example.targets.Compiled$Shade.paint(Queue) as thread(2)"), output());
        assertFalse(output().contains("lambda$"), output());
        assertFalse(output().contains("$values"), output());
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        call(newInstance(compiled), compiled, "each", List.of("x", "y"), seen);
        assertEquals(List.of("x", "y"), new ArrayList<>(seen));
    }

    /**
     * A rule or annotation on a method without a body (here an interface's abstract methods) cannot
     * take effect: the user is told so, not only in verbose mode, with the fix.
     */
    @Test
    void aMarkOnAnAbstractMethodIsReported() throws Throwable {
        AgentLog quiet = new AgentLog(new PrintStream(output, true, StandardCharsets.UTF_8), false);
        load(quiet, new ChildFirstLoader("example.targets."), example.targets.Contract.class,
                "thread(2) example.targets.Contract#work");
        assertTrue(output().contains("lox: test.conf:1: example.targets.Contract#work matches example.targets.Contract.work(Queue),"
                + " which is abstract"), output());
        assertTrue(output().contains("lox: @Lox.Thread(2) on example.targets.Contract.marked(Queue): plain calls of it in a gather"
                + " region are not scattered (Lox.of handles still use its pool), because the method is abstract"), output());
    }

    /** A negative annotation size is reported naming the annotation and the method; the class still loads and runs. */
    @Test
    void aNegativeAnnotationSizeIsReportedAndTheMethodRunsAsWritten() throws Throwable {
        Class<?> negative = load(example.targets.NegativeSize.class);
        assertTrue(output().contains("lox: @Lox.Thread(-1) on example.targets.NegativeSize.work(Queue):"
                + " the size must be 0 (run inline) or more; fix the annotation; the method runs as it is written"), output());
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        gatherAcceptingUnanalysed(() -> invokeOn(newInstanceUnchecked(negative), negative, "work", seen));
        assertEquals(List.of(Thread.currentThread().getName()), List.copyOf(seen), "ran in the caller, not scattered");
    }

    /** Two thread/process rules for one method: the first wins, and the user is told which and where. */
    @Test
    void twoParallelRulesForOneMethodAreReported() throws Throwable {
        Class<?> conflict = load(example.targets.Conflict.class,
                "thread(2)  example.targets.Conflict#work",
                "process(1) example.targets.Conflict#*");
        assertTrue(output().contains("lox: test.conf:2: process(1) example.targets.Conflict#* also matches"
                + " example.targets.Conflict.work(Queue), which test.conf:1 (thread(2) example.targets.Conflict#work) already makes"
                + " parallel; the first matching rule wins"), output());
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        gatherAcceptingUnanalysed(() -> invokeOn(newInstanceUnchecked(conflict), conflict, "work", seen));
        assertTrue(seen.peek().startsWith("lox-"), "ran on the thread pool of the first rule: " + seen);
    }

    /**
     * The close matches of a rule whose parameter list fits no overload are written as a rule
     * needs them: a type outside java.lang with its package (a bare List would mean java.lang.List).
     */
    @Test
    void closeMatchesNameParameterTypesAsARuleMustWriteThem() throws Throwable {
        load(example.targets.Overloads.class, "thread example.targets.Overloads#fetch(List)");
        assertTrue(output().contains("lox: test.conf:1: example.targets.Overloads#fetch(List) matches no method of"
                + " example.targets.Overloads; close: fetch(java.util.List), fetch(java.util.Map.Entry, int[])"), output());
    }

    /** A nested type may be written as in Java source (Nested.Job), in the class part and in parameter types. */
    @Test
    void nestedTypesMayBeWrittenAsInJavaSource() throws Throwable {
        Class<?> job = load(example.targets.Nested.Job.class,
                "thread(2) example.targets.Nested.Job#run(java.util.Queue, example.targets.Nested.Job)",
                "gather    example.targets.Nested.Job#runAll");
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        call(newInstance(job), job, "runAll", seen);
        assertEquals(1, seen.size(), output());
        assertNotEquals(Thread.currentThread().getName(), seen.peek(), output());
    }

    /**
     * A synchronized gather region calling a synchronized parallel method of the same object would
     * hang for good (the pool thread waits for the monitor the region holds until it gathers): the
     * agent says so when the class loads. (Not called here: it would hang.)
     */
    @Test
    void aSynchronizedRegionWithASynchronizedParallelMethodIsReported() throws Throwable {
        load(example.targets.Monitors.class);
        assertTrue(output().contains("lox: example.targets.Monitors.all(Queue) and example.targets.Monitors.one(Queue) are both"
                + " synchronized on this: a call of one on the same object inside the gather region all runs on a pool thread"
                + " that waits for the monitor the region holds until it gathers"), output());
        assertFalse(output().contains("and example.targets.Monitors.lone(Queue) are both"), "a static method has another monitor: " + output());
    }

    private static Object newInstanceUnchecked(Class<?> type) {
        try {
            return newInstance(type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void invokeOn(Object receiver, Class<?> type, String name, Object... args) {
        try {
            call(receiver, type, name, args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void invokeUnchecked(Class<?> type, String name, Object... args) {
        try {
            call(null, type, name, args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * A carried field is registered when its class has initialized, not when it loads (lox never
     * initializes a class early), and from then on its value follows each scatter into the call.
     */
    @Test
    void carriedFieldsAreCarriedOnceTheirClassHasInitialized() throws Throwable {
        ChildFirstLoader loader = new ChildFirstLoader("example.targets.");
        Class<?> carrying = loadUninitialized(loader, example.targets.Carrying.class, "carry example.targets.Carrying#TENANT");
        assertFalse(dev.lox.internal.CarriedContext.carriedNames().contains("example.targets.Carrying#REQUEST"),
                "loaded, not initialized: nothing is carried yet");
        ThreadLocal<String> request = local(carrying, "REQUEST"); // initializes the class
        ThreadLocal<String> tenant = local(carrying, "TENANT");
        try {
            assertTrue(dev.lox.internal.CarriedContext.carriedNames().containsAll(
                    List.of("example.targets.Carrying#REQUEST", "example.targets.Carrying#TENANT")),
                    () -> dev.lox.internal.CarriedContext.carriedNames() + "\n" + output());
            request.set("r1");
            tenant.set("t1");
            var read = Lox.thread(1).of((Integer i) -> (String) carrying.getMethod("read").invoke(null));
            read.scatter(1);
            assertEquals(List.of("r1/t1"), read.gather());
            assertTrue(output().contains("lox: carrying example.targets.Carrying#TENANT into scattered calls (test.conf:1)"), output());
            assertTrue(output().contains("lox: @Lox.Carried on example.targets.Carrying#perInstance: example.targets.Carrying#perInstance"
                    + " is an instance field of type java.lang.ThreadLocal, not a static ThreadLocal, so it is not carried"), output());
            assertTrue(output().contains("example.targets.Carrying#notALocal is a static field of type java.lang.String,"
                    + " not a static ThreadLocal"), output());
        } finally {
            request.remove();
            tenant.remove();
            dev.lox.internal.CarriedContext.stopCarrying(request);
            dev.lox.internal.CarriedContext.stopCarrying(tenant);
        }
    }

    /** A carry rule naming a field that is not there, or not a static ThreadLocal, is said at class load with its line. */
    @Test
    void aBadCarryRuleIsSaidWithItsLine() throws Throwable {
        ChildFirstLoader loader = new ChildFirstLoader("example.targets.");
        Class<?> carrying = loadUninitialized(loader, example.targets.Carrying.class,
                "carry example.targets.Carrying#REQUESTS", "carry example.targets.Carrying#initialized");
        assertTrue(output().contains("lox: test.conf:1: carry example.targets.Carrying#REQUESTS: example.targets.Carrying has no"
                + " field REQUESTS; close: REQUEST"), output());
        assertTrue(output().contains("lox: test.conf:2: carry example.targets.Carrying#initialized: example.targets.Carrying#initialized"
                + " is a static field of type boolean, not a static ThreadLocal, so it is not carried"), output());
        dev.lox.internal.CarriedContext.stopCarrying(local(carrying, "REQUEST"));
    }

    private Class<?> loadUninitialized(ChildFirstLoader loader, Class<?> target, String... configLines) throws Exception {
        List<ConfigRule> rules = ConfigParser.parse("test.conf", List.of(configLines));
        LoxTransformer transformer = new LoxTransformer(rules, log);
        INSTRUMENTATION.addTransformer(transformer);
        try {
            return Class.forName(target.getName(), false, loader);
        } finally {
            INSTRUMENTATION.removeTransformer(transformer);
        }
    }

    @SuppressWarnings("unchecked")
    private static ThreadLocal<String> local(Class<?> type, String name) throws Exception {
        return (ThreadLocal<String>) type.getField(name).get(null);
    }

    /** A config rule's call with a hazard no rule accepts runs in the caller, and the agent names the line that accepts it. */
    @Test
    void aHazardousCallRunsSynchronouslyAndTheAgentSaysHowToAcceptIt() throws Throwable {
        Class<?> configured = load(example.targets.Configured.class,
                "thread(2) example.targets.Configured#work",
                "gather    example.targets.Configured#workAll");
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        call(newInstance(configured), configured, "workAll", new CyclicBarrier(1), threads);
        assertEquals(List.of(Thread.currentThread().getName()), List.copyOf(threads), "ran in the caller");
        String hazard = output().lines().filter(l -> l.startsWith("lox: Configured.workAll:")).findFirst().orElse("");
        assertTrue(hazard.startsWith("lox: Configured.workAll:"), output());
        assertTrue(hazard.contains(": the call of Configured.work(CyclicBarrier, Queue) runs synchronously, even in a gather region:"
                + " after it, the method uses the receiver, an argument or a value they were built from"), hazard);
        assertTrue(hazard.endsWith("(used-after); to scatter it nonetheless, write the rule"
                + " gather example.targets.Configured#workAll accept(used-after) (in place of test.conf:2)"), hazard);
        assertTrue(output().contains("runs synchronously (used-after)"), "verbose lists the call site: " + output());
    }

    /** @Lox.Gather(accept = ...) accepts a hazard: the calls scatter (two at once pass the barrier). */
    @Test
    void anAcceptedHazardScattersAndAnUnacceptedOneDoesNot() throws Throwable {
        Class<?> hazards = load(example.targets.Hazards.class);
        Object target = newInstance(hazards);
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        call(target, hazards, "readsAfterAccepted", new CyclicBarrier(2), threads);
        assertEquals(2, threads.size());
        assertFalse(threads.contains(Thread.currentThread().getName()), threads::toString);

        threads.clear();
        call(target, hazards, "readsAfter", new CyclicBarrier(1), threads);
        assertEquals(List.of(Thread.currentThread().getName()), List.copyOf(threads), "ran in the caller");
        assertTrue(output().contains("to scatter it nonetheless, write @Lox.Gather(accept = {\"used-after\"}) on readsAfter"), output());
    }

    /** A per-item catch sees each failure, as without lox. */
    @Test
    void aCallInAPerItemTryRunsSynchronouslySoTheCatchSeesItsFailure() throws Throwable {
        Class<?> hazards = load(example.targets.Hazards.class);
        Queue<String> done = new ConcurrentLinkedQueue<>();
        Object failed = call(newInstance(hazards), hazards, "skipFailures", List.of("a", "bad1", "b", "bad2"), done);
        assertEquals(2, failed);
        assertEquals(List.of("a", "b"), List.copyOf(done));
        assertTrue(output().contains("Hazards.skipFailures:"), output());
        assertTrue(output().contains("it is inside a try block"), output());
    }

    /** A hazardous call of a private helper runs the helper, and the calls it makes, as written. */
    @Test
    void aHazardousCallOfAHelperRunsTheHelpersCallsSynchronously() throws Throwable {
        Class<?> hazards = load(example.targets.Hazards.class);
        Queue<String> threads = new ConcurrentLinkedQueue<>();
        Object size = call(newInstance(hazards), hazards, "viaHelper", new CyclicBarrier(1), threads);
        assertEquals(1, size, "the region's own read sees the call's effect, as without lox");
        assertEquals(List.of(Thread.currentThread().getName()), List.copyOf(threads));
        assertTrue(output().contains("Hazards.viaHelper:"), output());
        assertTrue(output().contains("the call of Hazards.recordAll(CyclicBarrier, Queue) runs synchronously"), output());
    }

    /** A bad name in @Lox.Gather(accept = ...) is said, with the names there are. */
    @Test
    void aBadAcceptNameIsSaid() throws Throwable {
        load(example.targets.Hazards.class);
        assertTrue(output().contains("lox: @Lox.Gather(accept = ...) on example.targets.Hazards.badAccept(CyclicBarrier, Queue):"
                + " unknown hazard \"reads\": write try-catch, used-after, static-read or unanalysed; the calls it names keep running"
                + " synchronously"), output());
    }
}
