package dev.lox.agent.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.agent.config.Hazard;
import example.analysis.Batch;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/** The analysis on {@link Batch}, compiled by javac as the test's sources, read as bytes. */
class CallSiteAnalyzerTest {
    private static final Set<String> PARALLEL = Set.of("fetch", "process", "write");

    /** Roles as a config file would give them: Batch's fetch/process/write parallel, accepting {@code accepted}. */
    private static MethodRoles roles(Set<Hazard> accepted) {
        return roles(PARALLEL, accepted);
    }

    /** Roles in which the methods of example classes named {@code parallel} are parallel. */
    private static MethodRoles roles(Set<String> parallel, Set<Hazard> accepted) {
        return new MethodRoles() {
            @Override
            public boolean isScatterable(MethodKey method) {
                return method.owner().startsWith("example.") && parallel.contains(method.name());
            }

            @Override
            public boolean holdsScatteringCall(MethodKey method) {
                return false;
            }

            @Override
            public boolean isRegion(MethodKey method) {
                return false;
            }

            @Override
            public Set<Hazard> accepted(MethodKey caller, MethodKey callee) {
                return accepted;
            }
        };
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    private static List<CallSite> sites(String method, Set<Hazard> accepted) throws IOException {
        return new CallSiteAnalyzer(roles(accepted)).analyze(classFile(Batch.class)).sites().stream()
                .filter(site -> site.callerMethod().equals(method))
                .collect(Collectors.toList());
    }

    private static Set<Hazard> hazards(String method) throws IOException {
        List<CallSite> sites = sites(method, Set.of());
        assertEquals(1, sites.size(), () -> method + ": " + sites);
        return sites.get(0).hazards();
    }

    @Test
    void aLoopThatOnlyCallsHasNoHazard() throws IOException {
        assertEquals(Set.of(), hazards("clean"));
        assertEquals(Set.of(), hazards("arrays"));
    }

    /** size() after a call could miss what the call adds to the list: an indexed loop over it counts as a use. */
    @Test
    void anIndexedLoopOverTheArgumentsListIsUsedAfter() throws IOException {
        assertEquals(Set.of(Hazard.USED_AFTER), hazards("indexed"));
    }

    @Test
    void readingTheArgumentAfterTheCallIsUsedAfter() throws IOException {
        assertEquals(Set.of(Hazard.USED_AFTER), hazards("readAfter"));
    }

    @Test
    void readingTheCollectionTheArgumentCameFromAfterTheLoopIsUsedAfter() throws IOException {
        assertEquals(Set.of(Hazard.USED_AFTER), hazards("readAfterLoop"));
    }

    @Test
    void usingTheReceiverAfterTheLoopIsUsedAfter() throws IOException {
        assertTrue(hazards("receiverUsedAfter").contains(Hazard.USED_AFTER));
    }

    @Test
    void aPerItemCatchIsTryCatch() throws IOException {
        assertEquals(Set.of(Hazard.TRY_CATCH), hazards("perItemCatch"));
    }

    @Test
    void aFinallyAroundTheLoopIsTryCatch() throws IOException {
        assertEquals(Set.of(Hazard.TRY_CATCH), hazards("finallyAfter"));
    }

    @Test
    void anEffectOnAnArgumentAfterTheLoopIsUsedAfter() throws IOException {
        assertEquals(Set.of(Hazard.USED_AFTER), hazards("effectsAfterLoop"));
    }

    @Test
    void aStaticFieldOfTheCalleesClassReadAfterIsStaticRead() throws IOException {
        assertEquals(Set.of(Hazard.STATIC_READ), hazards("staticRead"));
        assertEquals(Set.of(), hazards("constantRead"), "a static final int is a constant");
    }

    @Test
    void usingTheNextElementBeforeItsCallIsNoHazard() throws IOException {
        assertEquals(Set.of(), hazards("logBefore"));
    }

    @Test
    void aValueBuiltOnlyForTheNextCallIsNoHazardButUsingItAfterIs() throws IOException {
        assertEquals(Set.of(), hazards("builtFromBase"));
        assertEquals(Set.of(Hazard.USED_AFTER), hazards("baseUsedAfter"));
    }

    @Test
    void aCallOfAPrivateHelperThatScattersIsAScatteredCall() throws IOException {
        List<CallSite> helper = sites("processAll", Set.of());
        assertEquals(1, helper.size());
        assertEquals(CallSite.Kind.PARALLEL, helper.get(0).kind());
        assertTrue(helper.get(0).scatters());

        List<CallSite> caller = sites("viaHelper", Set.of());
        assertEquals(1, caller.size());
        assertEquals(CallSite.Kind.SCATTERING_METHOD, caller.get(0).kind());
        assertEquals("processAll", caller.get(0).callee().name());
        assertEquals(Set.of(Hazard.USED_AFTER), caller.get(0).hazards());
        assertEquals(Set.of(), sites("viaHelperClean", Set.of()).get(0).hazards());
    }

    @Test
    void anAcceptedHazardScatters() throws IOException {
        CallSite site = sites("readAfter", EnumSet.of(Hazard.USED_AFTER)).get(0);
        assertEquals(Set.of(Hazard.USED_AFTER), site.hazards());
        assertTrue(site.scatters());
        assertEquals(Set.of(), site.unaccepted());
        CallSite other = sites("perItemCatch", EnumSet.of(Hazard.USED_AFTER)).get(0);
        assertFalse(other.scatters());
        assertEquals(Set.of(Hazard.TRY_CATCH), other.unaccepted());
    }

    @Test
    void aCallSiteNamesItsLineAndItsPositionAmongTheMethodsCalls() throws IOException {
        CallSite site = sites("perItemCatch", Set.of()).get(0);
        assertEquals("example.analysis.Batch", site.callerClass());
        assertEquals(new MethodKey("example.analysis.Batch", "process", "(Lexample/analysis/Batch$Item;)V"), site.callee());
        assertTrue(site.line() > 0);
        assertEquals("Batch.perItemCatch:" + site.line(), site.where());
        // iterator(), hasNext(), next() come first in the loop
        assertEquals(3, site.callIndex());
    }

    @Test
    void aMethodThatCannotBeAnalysedHasEveryHazard() {
        // A generated class whose method loads a local it never stored: not verifiable, not understood.
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "example/analysis/Odd", null, "java/lang/Object", null);
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_STATIC, "run", "()V", null, null);
        m.visitCode();
        Label line = new Label();
        m.visitLabel(line);
        m.visitLineNumber(7, line);
        m.visitVarInsn(Opcodes.ALOAD, 3);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "example/analysis/Batch", "fetch", "(Ljava/lang/String;)V", false);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(2, 4);
        m.visitEnd();
        writer.visitEnd();
        List<CallSite> sites = new CallSiteAnalyzer(roles(Set.of())).analyze(writer.toByteArray()).sites();
        assertEquals(1, sites.size());
        assertEquals(EnumSet.allOf(Hazard.class), sites.get(0).hazards());
        assertEquals("Odd.run:7", sites.get(0).where());
    }

    /** Only a lambda or method reference handed straight to Lox.gather is a gather body; one handed to forEach is not. */
    @Test
    void aLambdaHandedToLoxGatherIsAGatherBody() throws IOException {
        byte[] bytes = classFile(example.targets.LambdaBodies.class);
        CallSiteAnalyzer.ClassAnalysis analysis = new CallSiteAnalyzer(roles(Set.of("record"), Set.of())).analyze(bytes);
        // javac numbers lambdas differently from release to release: name them by their shapes.
        String block = lambda(bytes, "inGatherBlock", "(Ljava/util/Queue;)V");
        String forEachBlock = lambda(bytes, "inForEach", "(Ljava/util/List;Ljava/util/Queue;)V");
        String perItem = lambda(bytes, "inForEach", "(Ljava/util/Queue;Ljava/lang/Integer;)V");
        // inForEach's outer lambda (the block) is one; its inner lambda, handed to forEach, is not.
        assertEquals(Set.of(block + "(Ljava/util/Queue;)V", forEachBlock + "(Ljava/util/List;Ljava/util/Queue;)V",
                "recordTwice()V"), analysis.gatherBodies());
        assertEquals(Set.of(block, perItem, "recordTwice"),
                analysis.sites().stream().map(CallSite::callerMethod).collect(Collectors.toSet()));
    }

    /** The name of the one lambda method javac made for {@code enclosing} with {@code descriptor}. */
    private static String lambda(byte[] classFile, String enclosing, String descriptor) {
        List<String> names = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                if (name.startsWith("lambda$" + enclosing + "$") && desc.equals(descriptor)) {
                    names.add(name);
                }
                return null;
            }
        }, ClassReader.SKIP_CODE);
        assertEquals(1, names.size(), () -> "lambdas of " + enclosing + " shaped " + descriptor + ": " + names);
        return names.get(0);
    }

    @Test
    void configNamesRoundTripAndABadOneNamesTheFix() {
        for (Hazard hazard : Hazard.values()) {
            assertEquals(hazard, Hazard.ofConfigName(hazard.configName()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hazard.ofConfigName("TRY_CATCH"));
        assertEquals("unknown hazard \"TRY_CATCH\": write try-catch", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Hazard.ofConfigName("reads"));
        assertEquals("unknown hazard \"reads\": write try-catch, used-after, static-read or unanalysed", e.getMessage());
    }
}
