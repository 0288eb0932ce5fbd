package dev.lox.agent.instrument;

import dev.lox.agent.nested.NestedJar;
import java.util.Set;

/**
 * Loads and links, on a daemon thread, the classes the first rewrite and the first region need,
 * so that the work runs on another core while the main thread goes on (the way Spring Boot's
 * {@code BackgroundPreinitializer} warms classes). The main thread's first rewrite then finds them
 * defined, or waits on a class's loading lock for less time than loading it itself. What a program
 * computes does not change: no class is initialised here and nothing is printed.
 *
 * <p>The hazards, and why each is harmless:
 * <ul>
 *   <li>Class-initialisation deadlock (two threads initialising classes in opposite orders): this
 *       thread initialises no lox class or class of the list ({@code Class.forName(name, false, ...)},
 *       then {@code getDeclaredConstructors()}, which links, so verifies, without initialising).
 *       Loading needs no lock order: both loaders are parallel capable (a lock per class name), and a
 *       class's superclasses load before it, never the other way round. The JDK classes that opening
 *       the jar initialises (the zip streams) are the ones the main thread would initialise at the
 *       same place.
 *   <li>Lock order: the main thread, at its first rewrite, holds the transformer's lock and then
 *       the nested jar's, and may wait for this thread to finish reading the jar. This thread
 *       never takes the transformer's lock: every class it loads is lox's or the JDK's, which
 *       {@link LoxTransformer} returns unchanged before it locks anything; nor does it load the
 *       application class whose definition the main thread holds.
 *   <li>A failure here (the jar unreadable, a class missing from the list's build) is ignored: the
 *       main thread loads the rewriter again when it needs it and reports its own failure, once.
 *   <li>JVM exit: the thread is a daemon, so it never delays it; if the program ends first, the
 *       warm-up just stops.
 *   <li>The idle case: the thread starts only when a class is expected to need rewriting (a config
 *       rule exists, or the pre-filter let a class through), so a program with nothing to instrument
 *       never reads the rewriter's jar.
 * </ul>
 *
 * <p>The list is the order {@code -Xlog:class+load} showed for {@code HelloRegion} (the rewriter's
 * classes, then lox-api's first region and pool, and the JDK classes outside the CDS archive they
 * use). A name that no longer exists costs a failed look-up and nothing else;
 * {@code RewriterWarmUpTest} (module agent-rewriter) keeps the list in step with the code.
 */
public final class RewriterWarmUp implements Runnable {
    /** Binary names, in the order the first rewrite and the first region load them. */
    static final String[] CLASSES = {
        "dev.lox.agent.rewrite.AsmRewriter",
        "dev.lox.agent.plan.RewriteListener",
        "dev.lox.agent.rewrite.AsmRewriter$1",
        "dev.lox.shaded.bytebuddy.jar.asm.MethodVisitor",
        "dev.lox.agent.rewrite.BodyAdapter",
        "dev.lox.agent.rewrite.RegionResumingEntry",
        "dev.lox.agent.rewrite.ScatterEntry",
        "dev.lox.agent.rewrite.GatherBracket",
        "dev.lox.agent.rewrite.HelperEntry",
        "dev.lox.agent.rewrite.AnalysedCallSites",
        "dev.lox.shaded.bytebuddy.jar.asm.ClassVisitor",
        "dev.lox.shaded.bytebuddy.jar.asm.ClassWriter",
        "dev.lox.agent.rewrite.AsmRewriter$2",
        "dev.lox.agent.plan.AgentMessages",
        "java.lang.IllegalStateException",
        "dev.lox.agent.config.ConfigRule",
        "java.lang.AssertionError",
        "dev.lox.agent.plan.Callees",
        "java.io.IOException",
        "dev.lox.agent.plan.Callees$Known",
        "dev.lox.agent.plan.ClassPlanner",
        "dev.lox.agent.analysis.ForeignRoles",
        "dev.lox.agent.analysis.ClassModel",
        "dev.lox.agent.analysis.MethodRoles",
        "dev.lox.shaded.bytebuddy.jar.asm.ClassReader",
        "dev.lox.shaded.bytebuddy.jar.asm.LimitExceededException",
        "dev.lox.agent.plan.ClassPlanner$OtherClasses",
        "java.lang.UnsupportedOperationException",
        "dev.lox.agent.analysis.MethodBody",
        "dev.lox.agent.plan.ClassFacts",
        "dev.lox.agent.plan.ClassFacts$Reader",
        "dev.lox.shaded.bytebuddy.jar.asm.AnnotationVisitor",
        "dev.lox.agent.plan.ClassFacts$Reader$2",
        "dev.lox.agent.plan.ClassFacts$Reader$1",
        "dev.lox.shaded.bytebuddy.jar.asm.Attribute",
        "dev.lox.shaded.bytebuddy.jar.asm.Context",
        "dev.lox.internal.PoolSpec$Kind",
        "dev.lox.agent.plan.ClassFacts$Reader$1$1",
        "dev.lox.shaded.bytebuddy.jar.asm.MethodWriter",
        "dev.lox.shaded.bytebuddy.jar.asm.Label",
        "dev.lox.agent.analysis.MethodBody$Insn",
        "dev.lox.agent.plan.MethodFacts",
        "java.util.EnumMap$EntrySet",
        "dev.lox.agent.plan.ClassFacts$Reader$1$1$1",
        "dev.lox.shaded.bytebuddy.jar.asm.Handle",
        "dev.lox.agent.analysis.MethodKey",
        "java.util.AbstractMap$SimpleEntry",
        "dev.lox.shaded.bytebuddy.jar.asm.Type",
        "dev.lox.internal.AnnotationMarks",
        "dev.lox.internal.AnnotationMarks$Marks",
        "dev.lox.agent.plan.MethodPlan$Region",
        "dev.lox.agent.config.Hazard",
        "java.util.RegularEnumSet$EnumSetIterator",
        "dev.lox.internal.PoolSpec",
        "dev.lox.internal.PoolSpec$1",
        "java.lang.NoSuchFieldError",
        "dev.lox.agent.plan.MethodPlan$Parallel",
        "java.util.LinkedHashMap$LinkedKeySet",
        "java.util.LinkedHashMap$LinkedKeyIterator",
        "dev.lox.agent.analysis.CallSiteAnalyzer",
        "dev.lox.agent.plan.ClassPlanner$Roles",
        "dev.lox.agent.analysis.CallSite$Kind",
        "dev.lox.agent.analysis.CallSiteAnalyzer$MethodAnalysis",
        "dev.lox.agent.analysis.Frames$Interpreter",
        "dev.lox.agent.analysis.Frames",
        "dev.lox.agent.analysis.CallSiteAnalyzer$MethodAnalysis$OriginInterpreter",
        "dev.lox.agent.analysis.Frames$Frame",
        "dev.lox.agent.analysis.Frames$Sized",
        "dev.lox.agent.analysis.CallSiteAnalyzer$Origins",
        "java.util.BitSet",
        "dev.lox.agent.analysis.CallSiteAnalyzer$MethodAnalysis$TaintInterpreter",
        "dev.lox.agent.analysis.CallSite",
        "dev.lox.agent.analysis.CallSiteAnalyzer$ClassAnalysis",
        "dev.lox.agent.plan.MethodPlan",
        "dev.lox.agent.plan.ClassPlan",
        "dev.lox.spi.MethodRef",
        "java.lang.IndexOutOfBoundsException",
        "java.lang.ArrayIndexOutOfBoundsException",
        "dev.lox.internal.ParallelMethods$Methods",
        "dev.lox.internal.ParallelMethods$LastLoader",
        "dev.lox.internal.ParallelMethod",
        "dev.lox.internal.ParallelMethod$1",
        "dev.lox.shaded.bytebuddy.jar.asm.ClassTooLargeException",
        "dev.lox.shaded.bytebuddy.jar.asm.FieldVisitor",
        "dev.lox.shaded.bytebuddy.jar.asm.FieldWriter",
        "dev.lox.shaded.bytebuddy.jar.asm.AnnotationWriter",
        "dev.lox.shaded.bytebuddy.jar.asm.ModuleVisitor",
        "dev.lox.shaded.bytebuddy.jar.asm.ModuleWriter",
        "dev.lox.shaded.bytebuddy.jar.asm.RecordComponentVisitor",
        "dev.lox.shaded.bytebuddy.jar.asm.RecordComponentWriter",
        "java.lang.TypeNotPresentException",
        "dev.lox.shaded.bytebuddy.jar.asm.ComputeLimits",
        "dev.lox.shaded.bytebuddy.jar.asm.SymbolTable",
        "dev.lox.shaded.bytebuddy.jar.asm.Symbol",
        "dev.lox.shaded.bytebuddy.jar.asm.SymbolTable$Entry",
        "dev.lox.shaded.bytebuddy.jar.asm.ByteVector",
        "dev.lox.shaded.bytebuddy.jar.asm.Frame",
        "dev.lox.shaded.bytebuddy.jar.asm.CurrentFrame",
        "dev.lox.shaded.bytebuddy.jar.asm.MethodTooLargeException",
        "dev.lox.shaded.bytebuddy.jar.asm.Opcodes",
        "dev.lox.shaded.bytebuddy.jar.asm.Handler",
        "dev.lox.internal.GatherRegion",
        "dev.lox.internal.PendingCalls",
        "dev.lox.RepeatedFailures",
        "java.lang.InterruptedException",
        "java.util.concurrent.TimeoutException",
        "java.util.concurrent.CancellationException",
        "java.util.concurrent.ExecutionException",
        "java.util.concurrent.CompletionException",
        "dev.lox.ScatterException",
        "dev.lox.internal.PendingCalls$1",
        "dev.lox.internal.PlainCalls",
        "dev.lox.internal.CallPool",
        "dev.lox.internal.DebugMode",
        "dev.lox.internal.CallPool$1",
        "dev.lox.internal.ThreadCallPool",
        "java.util.concurrent.BlockingQueue",
        "java.util.concurrent.CompletionStage",
        "java.util.concurrent.CompletableFuture",
        "dev.lox.internal.ScatteredCall",
        "java.util.concurrent.ThreadPoolExecutor",
        "java.util.concurrent.RejectedExecutionHandler",
        "java.util.concurrent.ThreadPoolExecutor$AbortPolicy",
        "java.util.AbstractQueue",
        "java.util.concurrent.LinkedBlockingQueue",
        "java.util.concurrent.locks.Condition",
        "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject",
        "java.util.concurrent.LinkedBlockingQueue$Node",
        "dev.lox.internal.ThreadCallPool$Threads",
        "dev.lox.internal.PoolThread",
        "dev.lox.internal.Descriptors",
        "dev.lox.internal.PlainCalls$Invoker",
        "java.lang.IllegalAccessException",
        "dev.lox.function.Fn0",
        "java.lang.reflect.InvocationTargetException",
        "dev.lox.internal.PlainCalls$Call",
        "dev.lox.internal.ScatterTask",
        "dev.lox.internal.CarriedContext",
        "dev.lox.internal.Carrier",
        "dev.lox.internal.MdcCarrier",
        "dev.lox.internal.LoxEvents",
        "jdk.jfr.FlightRecorder",
        "dev.lox.internal.JfrRecorder",
        "java.lang.ExceptionInInitializerError",
        "java.util.concurrent.CompletableFuture$AltResult",
        "java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor",
        "java.util.concurrent.CompletableFuture$AsynchronousCompletionTask",
        "java.util.concurrent.CompletableFuture$Completion",
        "java.util.concurrent.ThreadPoolExecutor$Worker",
        "java.lang.Thread$State",
        "dev.lox.internal.PermitLoan",
        "dev.lox.internal.CallScope",
        "java.util.concurrent.ForkJoinPool$ManagedBlocker",
        "java.util.concurrent.locks.AbstractQueuedSynchronizer$Node",
        "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionNode",
        "java.util.LinkedHashMap$LinkedValues",
        "java.util.LinkedHashMap$LinkedValueIterator",
    };

    /**
     * Names of the list that exist only for some builds or JDKs: {@code PoolSpec$1} is the table javac
     * 17 makes for a switch on an enum (later javacs make none), and {@code ThreadPerTaskExecutor} is
     * JDK 17's. Where one is missing the warm-up skips it, as it skips any name it cannot find.
     */
    static final Set<String> NOT_EVERYWHERE = Set.of(
            "dev.lox.internal.PoolSpec$1",
            "java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor");

    private static boolean started; // guarded by RewriterWarmUp.class

    private RewriterWarmUp() {
    }

    /** Starts the warm-up thread, the first time only. */
    public static void start() {
        synchronized (RewriterWarmUp.class) {
            if (started) {
                return;
            }
            started = true;
        }
        try {
            Thread thread = new Thread(new RewriterWarmUp(), "lox-warm-up");
            thread.setDaemon(true);
            thread.start();
        } catch (Throwable t) {
            // no thread to be had (out of native threads): the main thread loads it all itself
        }
    }

    @Override
    public void run() {
        ClassLoader loader;
        try {
            loader = NestedJar.REWRITER.loader();
        } catch (Throwable t) {
            return; // the main thread opens it again and says why it cannot
        }
        load(loader);
    }

    /** Loads and links every class of the list it finds, skipping those it does not; returns how many it found. */
    static int load(ClassLoader loader) {
        int found = 0;
        for (String name : CLASSES) {
            try {
                Class.forName(name, false, loader).getDeclaredConstructors();
                found++;
            } catch (Throwable t) {
                // not there, or not linkable: whoever needs it finds out on its own path
            }
        }
        return found;
    }
}
