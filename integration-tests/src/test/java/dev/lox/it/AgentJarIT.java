package dev.lox.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The built agent jar, as a user gets it: everything lox carries is relocated under its own
 * prefix, so no library inside it can clash with the application's own copy; Byte Buddy sits in
 * the nested jar that is opened only when a class needs rewriting, and Chronicle Queue and Kryo in
 * the one opened only by process mode. Each of the four jars is one class loader's, and holds only
 * its own packages.
 */
class AgentJarIT {
    private static final String NESTED = "META-INF/lox/rewriter.jar";
    private static final String PROCESS = "META-INF/lox/process.jar";
    private static final String CLUSTER = "META-INF/lox/cluster.jar";
    /** The entries outside the nested jars: those the application class loader loads. */
    private static final String OUTER = "";

    /**
     * What each jar may hold, by the loader that loads it (the module that builds it, in
     * parentheses): {@code dir/**} is the folder and all below it, {@code dir/*} and
     * {@code dir/Name*} what sits in the folder itself. A package renamed or a class moved to
     * another module lands outside its jar's list, and fails {@link #eachJarHoldsOnlyItsOwnPackages}.
     */
    private static final Map<String, List<String>> PREFIXES = Map.of(
            // the application class loader: lox-api, agent-core, and the one class of worker-launcher premain calls
            OUTER, List.of("META-INF/**", "dev/lox/*", "dev/lox/internal/**", "dev/lox/spi/**", "dev/lox/function/**",
                    "dev/lox/lock/**", "dev/lox/queue/**", "dev/lox/agent/*", "dev/lox/agent/config/*",
                    "dev/lox/agent/instrument/*", "dev/lox/agent/nested/*", "dev/lox/worker/JdkAccess*"),
            // the rewriter's loader: agent-rewriter with Byte Buddy's ASM
            NESTED, List.of("META-INF/**", "dev/lox/agent/rewrite/*", "dev/lox/agent/plan/*", "dev/lox/agent/analysis/*",
                    "dev/lox/agent/check/*", "dev/lox/shaded/bytebuddy/jar/asm/**"),
            // process mode's loader: worker-launcher (but JdkAccess), Kryo, Chronicle and what they use
            PROCESS, List.of("META-INF/**", "dev/lox/worker/WorkerBackend*", "dev/lox/worker/internal/**",
                    "dev/lox/shaded/esotericsoftware/**", "dev/lox/shaded/objenesis/**", "dev/lox/shaded/openhft/**",
                    "dev/lox/shaded/chronicle/**", "dev/lox/shaded/slf4j/**", "dev/lox/shaded/commons/**"),
            // cluster mode's loader: lox-cluster and Hazelcast, whose schemas and defaults sit at the root
            CLUSTER, List.of("META-INF/**", "dev/lox/cluster/**", "dev/lox/shaded/hazelcast/**", "hazelcast-*"));

    /**
     * Each jar holds only its own packages ({@link #PREFIXES}): a class cannot cross a class-loader
     * boundary unseen, by a package rename or a move between modules.
     */
    @Test
    void eachJarHoldsOnlyItsOwnPackages() throws IOException {
        List<Executable> checks = new ArrayList<>();
        for (Map.Entry<String, List<String>> jar : PREFIXES.entrySet()) {
            String prefix = jar.getKey().isEmpty() ? "" : jar.getKey() + "!/";
            List<String> strays = entries(path -> inJar(jar.getKey(), path) && !path.endsWith("/")
                    && !allowed(jar.getValue(), path.substring(prefix.length())));
            checks.add(() -> assertEquals(List.of(), strays.subList(0, Math.min(50, strays.size())), strays.size()
                    + " entries of " + (jar.getKey().isEmpty() ? Jvm.AGENT_JAR : jar.getKey() + " in " + Jvm.AGENT_JAR)
                    + " are outside its prefixes " + jar.getValue() + ": move each to the module of the class loader"
                    + " that loads it (agent-core outside, agent-rewriter nested), or, if it belongs there, add its"
                    + " package to AgentJarIT.PREFIXES"));
        }
        assertAll(checks); // every jar's strays, not only the first jar's
    }

    /** The check above can fail: it catches a class of one loader in another's jar. */
    @Test
    void aClassInAnotherLoadersJarIsCaught() {
        assertFalse(allowed(PREFIXES.get(OUTER), "dev/lox/agent/rewrite/AsmRewriter.class"), "the rewriter outside");
        assertFalse(allowed(PREFIXES.get(OUTER), "dev/lox/agent/instrument/asm/AsmRewriter.class"), "the rewriter's old package outside");
        assertFalse(allowed(PREFIXES.get(OUTER), "dev/lox/agent/analysis/Hazard.class"), "the analysis outside");
        assertFalse(allowed(PREFIXES.get(OUTER), "dev/lox/worker/internal/WorkerMain.class"), "process mode outside");
        assertFalse(allowed(PREFIXES.get(OUTER), "dev/lox/shaded/bytebuddy/jar/asm/ClassReader.class"), "ASM outside");
        assertFalse(allowed(PREFIXES.get(NESTED), "dev/lox/agent/config/ConfigRule.class"), "agent-core nested twice");
        assertFalse(allowed(PREFIXES.get(NESTED), "dev/lox/agent/rewrite/inner/Helper.class"), "a subpackage not listed");
        assertFalse(allowed(PREFIXES.get(PROCESS), "dev/lox/worker/JdkAccess.class"), "premain's class nested");
        assertTrue(allowed(PREFIXES.get(OUTER), "dev/lox/agent/config/Hazard.class"));
        assertTrue(allowed(PREFIXES.get(NESTED), "dev/lox/agent/rewrite/AsmRewriter.class"));
        assertTrue(allowed(PREFIXES.get(OUTER), "dev/lox/worker/JdkAccess.class"));
    }

    private static boolean inJar(String jar, String path) {
        return jar.isEmpty() ? !path.contains("!/") : path.startsWith(jar + "!/");
    }

    /** Whether {@code name} (a path inside one jar) matches one of {@code prefixes} ({@link #PREFIXES}'s forms). */
    private static boolean allowed(List<String> prefixes, String name) {
        for (String prefix : prefixes) {
            if (prefix.endsWith("/**") ? name.startsWith(prefix.substring(0, prefix.length() - 2))
                    : name.startsWith(prefix.substring(0, prefix.length() - 1))
                            && name.indexOf('/', prefix.length() - 1) < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every entry, nested jars included, is under dev/lox/ or META-INF/ (the OpenTelemetry agent's
     * ShadingTest); but for Hazelcast's schemas and default configurations at the root of the nested
     * cluster jar, which Hazelcast reads by those names, on no class path but that jar's own loader's.
     */
    @Test
    void everyEntryIsUnderLoxOrMetaInf() throws IOException {
        List<String> outside = entries(path -> {
            int nested = path.lastIndexOf("!/");
            String name = nested < 0 ? path : path.substring(nested + 2);
            if (path.startsWith(CLUSTER + "!/") && name.startsWith("hazelcast-") && !name.contains("/")) {
                return false;
            }
            return !name.startsWith("dev/lox/") && !name.startsWith("META-INF/") && !name.equals("dev/");
        });
        assertTrue(outside.isEmpty(), () -> outside.size() + " entries of " + Jvm.AGENT_JAR
                + " are outside dev/lox/ and META-INF/; relocate or exclude them in agent/pom.xml: "
                + outside.subList(0, Math.min(50, outside.size())));
    }

    /** Byte Buddy is inside only relocated: an application's own net.bytebuddy stays its own. */
    @Test
    void byteBuddyIsRelocated() throws IOException {
        assertEquals(List.of(), entries(name -> name.startsWith("net/bytebuddy/") || name.contains("!/net/bytebuddy/")),
                "Byte Buddy under its original package");
        assertFalse(entries(name -> name.equals(NESTED + "!/dev/lox/shaded/bytebuddy/jar/asm/ClassReader.class")).isEmpty(),
                "Byte Buddy's relocated ASM is missing from " + NESTED + " in " + Jvm.AGENT_JAR);
    }

    /** Of Byte Buddy only its ASM ships: nothing of lox uses the rest, and a first rewrite would open it all. */
    @Test
    void onlyByteBuddysAsmShips() throws IOException {
        List<String> rest = entries(name -> name.contains("dev/lox/shaded/bytebuddy/") && name.endsWith(".class")
                && !name.contains("dev/lox/shaded/bytebuddy/jar/asm/"));
        assertEquals(List.of(), rest.subList(0, Math.min(20, rest.size())), rest.size() + " classes of Byte Buddy besides its ASM");
    }

    /** Byte Buddy's ASM and the rewriter are nested, not on the class path the JVM indexes at start-up. */
    @Test
    void byteBuddyIsNestedNotOnTheClassPath() throws IOException {
        assertEquals(List.of(), entries(name -> !name.contains("!/") && (name.startsWith("dev/lox/shaded/bytebuddy/")
                || name.startsWith("dev/lox/agent/rewrite/"))));
        assertFalse(entries(name -> name.equals(NESTED + "!/dev/lox/agent/rewrite/AsmRewriter.class")).isEmpty());
        assertFalse(entries(name -> name.equals(NESTED + "!/dev/lox/shaded/bytebuddy/jar/asm/ClassWriter.class")).isEmpty());
    }

    /**
     * Chronicle Queue, Kryo and the worker launcher's internals are nested, not on the class path the
     * JVM indexes at start-up; what is left outside is what premain and lox-api need, a small jar.
     */
    @Test
    void processRuntimeIsNestedNotOnTheClassPath() throws IOException {
        assertEquals(List.of(), entries(name -> !name.contains("!/") && (name.startsWith("dev/lox/shaded/")
                || name.startsWith("dev/lox/worker/internal/") || name.equals("dev/lox/worker/WorkerBackend.class"))));
        for (String entry : List.of("dev/lox/shaded/openhft/chronicle/queue/ChronicleQueue.class",
                "dev/lox/shaded/esotericsoftware/kryo/Kryo.class", "dev/lox/worker/internal/WorkerMain.class",
                "dev/lox/worker/WorkerBackend.class")) {
            assertFalse(entries(name -> name.equals(PROCESS + "!/" + entry)).isEmpty(), entry + " is missing from " + PROCESS);
        }
        // 104 today: lox-api, premain, the transformer's pre-filter, JdkAccess, the nested jars
        List<String> outer = entries(name -> !name.contains("!/") && !name.endsWith("/"));
        assertTrue(outer.size() < 200, () -> outer.size() + " entries outside the nested jars of " + Jvm.AGENT_JAR
                + ", each indexed at every start-up; nest what premain and lox-api do not need: " + outer);
    }

    /** Hazelcast and lox-cluster are nested, relocated, in the jar the first cluster pool opens; nothing of them outside it. */
    @Test
    void clusterRuntimeIsNestedAndRelocated() throws IOException {
        assertEquals(List.of(), entries(name -> name.contains("com/hazelcast/")), "Hazelcast under its original package");
        assertEquals(List.of(), entries(name -> !name.startsWith(CLUSTER + "!/") && (name.contains("dev/lox/shaded/hazelcast/")
                || name.contains("dev/lox/cluster/") || name.contains("hazelcast-"))), "the cluster runtime outside " + CLUSTER);
        for (String entry : List.of("dev/lox/shaded/hazelcast/core/Hazelcast.class", "dev/lox/cluster/HazelcastBackend.class",
                "dev/lox/cluster/MemberMain.class", "dev/lox/cluster/internal/CallTask.class")) {
            assertFalse(entries(name -> name.equals(CLUSTER + "!/" + entry)).isEmpty(), entry + " is missing from " + CLUSTER);
        }
    }

    /**
     * What a JVM reads at start-up is stored, not deflated, and the manifest is still the first
     * entry: the agent jar's classes, the nested rewriter jar, and that jar's class files (the first
     * class to rewrite reads the rewriter jar whole and up to 75 of its classes; inflating them cost
     * that JVM 2-4 ms). The shade plugin deflates every entry it writes, so agent/pom.xml's jar
     * tool steps store these again after it; a {@code JarInputStream} finds the manifest only among
     * the first entries, so those steps must leave it there.
     */
    @Test
    void whatStartUpReadsIsStoredAndTheManifestFirst() throws IOException {
        String fix = "; agent/pom.xml's store-rewriter-classes and store-agent-entries steps should have stored it";
        try (JarFile jar = new JarFile(Jvm.AGENT_JAR.toFile())) {
            assertEquals(JarFile.MANIFEST_NAME, jar.entries().nextElement().getName(), "the first entry of " + Jvm.AGENT_JAR);
            JarEntry rewriter = jar.getJarEntry(NESTED);
            assertNotNull(rewriter, NESTED + " is missing from " + Jvm.AGENT_JAR);
            assertEquals(ZipEntry.STORED, rewriter.getMethod(), NESTED + " is deflated in " + Jvm.AGENT_JAR + fix);
            List<String> deflated = new ArrayList<>();
            int classes = 0;
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().endsWith(".class")) {
                    classes++;
                    if (entry.getMethod() != ZipEntry.STORED) {
                        deflated.add(entry.getName());
                    }
                }
            }
            try (InputStream in = jar.getInputStream(rewriter); ZipInputStream nested = new ZipInputStream(in)) {
                for (ZipEntry n; (n = nested.getNextEntry()) != null; ) {
                    if (n.getName().endsWith(".class")) {
                        classes++;
                        if (n.getMethod() != ZipEntry.STORED) {
                            deflated.add(NESTED + "!/" + n.getName());
                        }
                    }
                }
            }
            assertTrue(classes > 200, "only " + classes + " class files in " + Jvm.AGENT_JAR + " and its " + NESTED);
            assertEquals(List.of(), deflated, "class files deflated in " + Jvm.AGENT_JAR + fix);
        }
    }

    /** The jar carries the agent, lox-api and the worker launcher, and names its premain. */
    @Test
    void carriesTheAgentTheApiAndTheLauncher() throws IOException {
        try (JarFile jar = new JarFile(Jvm.AGENT_JAR.toFile())) {
            Manifest manifest = jar.getManifest();
            assertNotNull(manifest, "no manifest in " + Jvm.AGENT_JAR);
            assertEquals("dev.lox.agent.Premain", manifest.getMainAttributes().getValue("Premain-Class"));
            for (String entry : List.of("dev/lox/agent/Premain.class", "dev/lox/Lox.class",
                    "dev/lox/internal/GatherRegion.class", "dev/lox/worker/JdkAccess.class",
                    "dev/lox/agent/nested/NestedProcessBackend.class", NESTED, PROCESS)) {
                assertNotNull(jar.getEntry(entry), entry + " is missing from " + Jvm.AGENT_JAR);
            }
        }
    }

    /** The names of every entry for which {@code test} holds; entries of a nested jar as {@code outer!/inner}. */
    private static List<String> entries(Predicate<String> test) throws IOException {
        List<String> found = new ArrayList<>();
        try (JarFile jar = new JarFile(Jvm.AGENT_JAR.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (test.test(entry.getName())) {
                    found.add(entry.getName());
                }
                if (entry.getName().endsWith(".jar")) {
                    try (InputStream in = jar.getInputStream(entry); ZipInputStream nested = new ZipInputStream(in)) {
                        for (ZipEntry n; (n = nested.getNextEntry()) != null; ) {
                            String name = entry.getName() + "!/" + n.getName();
                            if (test.test(name)) {
                                found.add(name);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }
}
