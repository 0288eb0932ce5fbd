package dev.lox.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@link RewriterWarmUp}'s list in step with the code: a renamed or removed class would
 * silently stop being warmed (the warm-up skips names it cannot find), so every name must load.
 */
class RewriterWarmUpTest {
    /** The agent jar relocates Byte Buddy's ASM; the tests run on the unrelocated classes. */
    private static final String SHADED = "dev.lox.shaded.bytebuddy.";

    @Test
    void everyListedClassExists() {
        List<String> missing = new ArrayList<>();
        for (String name : RewriterWarmUp.CLASSES) {
            String here = name.startsWith(SHADED) ? "net.bytebuddy." + name.substring(SHADED.length()) : name;
            try {
                Class.forName(here, false, RewriterWarmUpTest.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "classes in RewriterWarmUp.CLASSES that no longer exist");
    }

    @Test
    void loadingCountsOnlyWhatItFinds() {
        // From class folders the rewriter's classes load beside the agent's; ASM's names are the
        // relocated ones, which only the agent jar has, so those are skipped, quietly.
        int shaded = 0;
        for (String name : RewriterWarmUp.CLASSES) {
            if (name.startsWith(SHADED)) {
                shaded++;
            }
        }
        assertEquals(RewriterWarmUp.CLASSES.length - shaded, RewriterWarmUp.load(RewriterWarmUpTest.class.getClassLoader()));
    }
}
