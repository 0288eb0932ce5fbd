package dev.lox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.Lox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one rule for what annotations mean, as both Lox.of and the agent apply it. */
class AnnotationMarksTest {
    @Test
    void aThreadMarkGivesItsPoolAndOrigin() {
        AnnotationMarks.Marks marks = AnnotationMarks.read(Map.of(PoolSpec.Kind.THREAD, 8), "", false, List.of(), "M.m()");
        assertEquals(PoolSpec.threads(8), marks.pool());
        assertEquals("@Lox.Thread(8)", marks.origin());
        assertFalse(marks.gather());
    }

    @Test
    void aProcessMarkWithoutAValueIsOneWorkerPerProcessor() {
        AnnotationMarks.Marks marks = AnnotationMarks.read(Map.of(PoolSpec.Kind.PROCESS, Lox.Process.AVAILABLE_PROCESSORS), "", false, List.of(), "M.m()");
        assertEquals(PoolSpec.processes(Runtime.getRuntime().availableProcessors()), marks.pool());
    }

    @Test
    void twoPoolsOrANegativeSizeAreRefusedNamingTheMethod() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> AnnotationMarks.read(Map.of(PoolSpec.Kind.THREAD, 2, PoolSpec.Kind.PROCESS, 2), "", false, List.of(), "M.m()"));
        assertEquals("M.m() is marked both @Lox.Thread and @Lox.Process: keep one", both.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> AnnotationMarks.read(Map.of(PoolSpec.Kind.THREAD, -1), "", false, List.of(), "M.m()"));
        assertTrue(negative.getMessage().startsWith("@Lox.Thread(-1) on M.m(): the size must be 0"), negative.getMessage());
    }

    @Test
    void aGatherMarkKeepsItsAcceptedNames() {
        AnnotationMarks.Marks marks = AnnotationMarks.read(Map.of(), "", true, List.of("used-after"), "M.m()");
        assertTrue(marks.gather());
        assertFalse(marks.isParallel());
        assertEquals(List.of("used-after"), marks.accept());
    }

    @Test
    void aProcessAnnotationsCallTimeoutIsThePoolsAndABadOneNamesTheMethod() {
        AnnotationMarks.Marks marks = AnnotationMarks.read(Map.of(PoolSpec.Kind.PROCESS, 2), "45s", false, List.of(), "M.m()");
        assertEquals(PoolSpec.processes(2).withCallTimeout(java.time.Duration.ofSeconds(45)), marks.pool());
        assertEquals(null, AnnotationMarks.read(Map.of(PoolSpec.Kind.PROCESS, 2), "", false, List.of(), "M.m()").pool().callTimeout());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> AnnotationMarks.read(Map.of(PoolSpec.Kind.PROCESS, 2), "a while", false, List.of(), "M.m()"));
        assertTrue(bad.getMessage().startsWith("@Lox.Process(callTimeout = \"a while\") on M.m(): callTimeout must be a duration"),
                bad.getMessage());
    }

    @Test
    void aClusterAnnotationsCallTimeoutIsThePoolsAndABadOneNamesTheAnnotation() {
        AnnotationMarks.Marks marks = AnnotationMarks.read(Map.of(PoolSpec.Kind.CLUSTER, 64), "30s", false, List.of(), "M.m()");
        assertEquals(PoolSpec.cluster(64).withCallTimeout(java.time.Duration.ofSeconds(30)), marks.pool());
        assertEquals("@Lox.Cluster(64)", marks.origin());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> AnnotationMarks.read(Map.of(PoolSpec.Kind.CLUSTER, 64), "soon", false, List.of(), "M.m()"));
        assertTrue(bad.getMessage().startsWith("@Lox.Cluster(callTimeout = \"soon\") on M.m(): callTimeout must be a duration"),
                bad.getMessage());
    }
}
