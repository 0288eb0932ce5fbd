package dev.lox.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@link RewriterWarmUp}'s list in step with the code: a renamed or removed class would
 * silently stop being warmed (the warm-up skips names it cannot find), so every name must load,
 * except the few that only some builds and JDKs have ({@link RewriterWarmUp#NOT_EVERYWHERE}).
 */
class RewriterWarmUpTest {
    /** The agent jar relocates Byte Buddy's ASM; the tests run on the unrelocated classes. */
    private static final String SHADED = "dev.lox.shaded.bytebuddy.";

    @Test
    void everyListedClassExists() {
        List<String> missing = new ArrayList<>();
        for (String name : RewriterWarmUp.CLASSES) {
            String here = name.startsWith(SHADED) ? "net.bytebuddy." + name.substring(SHADED.length()) : name;
            if (!RewriterWarmUp.NOT_EVERYWHERE.contains(name) && !exists(here)) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "classes in RewriterWarmUp.CLASSES that no longer exist");
    }

    @Test
    void theNamesThatMayBeMissingAreListed() {
        List<String> listed = List.of(RewriterWarmUp.CLASSES);
        for (String name : RewriterWarmUp.NOT_EVERYWHERE) {
            assertTrue(listed.contains(name), name);
        }
    }

    @Test
    void loadingCountsOnlyWhatItFinds() {
        // From class folders the rewriter's classes load beside the agent's; ASM's names are the
        // relocated ones, which only the agent jar has, so those are skipped, quietly; so are the
        // names this build or JDK lacks.
        int loadable = 0;
        for (String name : RewriterWarmUp.CLASSES) {
            if (!name.startsWith(SHADED) && exists(name)) {
                loadable++;
            }
        }
        assertTrue(loadable > RewriterWarmUp.CLASSES.length / 2, "most of the list loads from class folders: " + loadable);
        assertEquals(loadable, RewriterWarmUp.load(RewriterWarmUpTest.class.getClassLoader()));
    }

    private static boolean exists(String name) {
        try {
            Class.forName(name, false, RewriterWarmUpTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
