package dev.lox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The built agent jar, as a user gets it: everything lox carries is relocated under its own
 * prefix, so no library inside it can clash with the application's own copy.
 */
class AgentJarIT {

    /** Every entry is under dev/lox/ or META-INF/ (the ShadingTest of the OpenTelemetry agent). */
    @Test
    void everyEntryIsUnderLoxOrMetaInf() throws IOException {
        List<String> outside = entriesWhere(name -> !name.startsWith("dev/lox/") && !name.startsWith("META-INF/")
                && !name.equals("dev/"));
        assertTrue(outside.isEmpty(), () -> outside.size() + " entries of " + Jvm.AGENT_JAR
                + " are outside dev/lox/ and META-INF/; relocate or exclude them in agent/pom.xml: "
                + outside.subList(0, Math.min(50, outside.size())));
    }

    /** Byte Buddy is inside only relocated: an application's own net.bytebuddy stays its own. */
    @Test
    void byteBuddyIsRelocated() throws IOException {
        assertEquals(List.of(), entriesWhere(name -> name.startsWith("net/bytebuddy/")),
                "Byte Buddy under its original package");
        assertTrue(!entriesWhere(name -> name.startsWith("dev/lox/shaded/bytebuddy/asm/Advice")).isEmpty(),
                "relocated Byte Buddy is missing from " + Jvm.AGENT_JAR);
    }

    /** The jar carries the agent, lox-api and the worker launcher, and names its premain. */
    @Test
    void carriesTheAgentTheApiAndTheLauncher() throws IOException {
        try (JarFile jar = new JarFile(Jvm.AGENT_JAR.toFile())) {
            Manifest manifest = jar.getManifest();
            assertNotNull(manifest, "no manifest in " + Jvm.AGENT_JAR);
            assertEquals("dev.lox.agent.Premain", manifest.getMainAttributes().getValue("Premain-Class"));
            for (String entry : List.of("dev/lox/agent/Premain.class", "dev/lox/Lox.class",
                    "dev/lox/internal/GatherRegion.class", "dev/lox/worker/JdkAccess.class")) {
                assertNotNull(jar.getEntry(entry), entry + " is missing from " + Jvm.AGENT_JAR);
            }
        }
    }

    private static List<String> entriesWhere(java.util.function.Predicate<String> test) throws IOException {
        List<String> found = new ArrayList<>();
        try (JarFile jar = new JarFile(Jvm.AGENT_JAR.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (test.test(name)) {
                    found.add(name);
                }
            }
        }
        return found;
    }
}
