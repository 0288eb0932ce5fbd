package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.internal.JarCache;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class path a worker gets for a method's class loader, laid out without starting a JVM: the
 * application loader's class path, a URLClassLoader's files, a Spring Boot fat jar's nested entries
 * (both URL forms), the explicit setting, and the error for a loader lox cannot reproduce.
 */
class WorkerClassPathTest {
    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();
    private WorkerClassPath classPaths;
    private Path fatJar;
    private final byte[] lib = "a nested library's bytes".getBytes();
    private final byte[] classFile = "a class file's bytes".getBytes();

    @BeforeEach
    void setUp() throws IOException {
        classPaths = new WorkerClassPath(new JarCache(tmp.resolve("cache"), tmp, warnings::add), tmp.resolve("scratch"));
        fatJar = tmp.resolve("my app.jar"); // a space, to check the URLs' decoding
        try (OutputStream file = Files.newOutputStream(fatJar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("BOOT-INF/classes/"));
            out.closeEntry();
            out.putNextEntry(new JarEntry("BOOT-INF/classes/com/example/App.class"));
            out.write(classFile);
            out.closeEntry();
            JarEntry stored = new JarEntry("BOOT-INF/lib/util-1.0.jar"); // Spring Boot stores nested jars uncompressed
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(lib.length);
            CRC32 crc = new CRC32();
            crc.update(lib);
            stored.setCrc(crc.getValue());
            out.putNextEntry(stored);
            out.write(lib);
            out.closeEntry();
        }
    }

    @AfterEach
    void clearSetting() {
        System.clearProperty(WorkerClassPath.SETTING);
    }

    @Test
    void theApplicationClassLoaderGivesTheClassPathAsItIs() throws IOException {
        List<String> expected = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        assertEquals(expected, classPaths.entries(ClassLoader.getSystemClassLoader()));
        assertEquals(expected, classPaths.entries(null), "the bootstrap loader");
    }

    @Test
    void aUrlClassLoadersFilesFollowItsParentsClassPath() throws IOException {
        Path jar = Files.createFile(tmp.resolve("plugin.jar"));
        Path classes = Files.createDirectory(tmp.resolve("classes"));
        try (URLClassLoader plugin = new URLClassLoader(new URL[] {jar.toUri().toURL(), classes.toUri().toURL()},
                ClassLoader.getSystemClassLoader())) {
            List<String> entries = classPaths.entries(plugin);
            assertEquals(List.of(jar.toString(), classes.toString()), entries.subList(entries.size() - 2, entries.size()));
        }
    }

    @Test
    void springBoot32NestedUrlsAreExtractedJarsAndACopiedClassesFolder() throws IOException {
        String raw = fatJar.toUri().getRawPath();
        assertNestedEntries(url("jar:nested:" + raw + "/!BOOT-INF/classes/!/"), url("jar:nested:" + raw + "/!BOOT-INF/lib/util-1.0.jar!/"));
    }

    @Test
    void olderSpringBootJarFileUrlsAreExtractedTheSameWay() throws IOException {
        String outer = fatJar.toUri().toString();
        assertNestedEntries(url("jar:" + outer + "!/BOOT-INF/classes!/"), url("jar:" + outer + "!/BOOT-INF/lib/util-1.0.jar!/"));
    }

    private void assertNestedEntries(URL classesUrl, URL libUrl) throws IOException {
        try (URLClassLoader launched = new URLClassLoader(new URL[] {classesUrl, libUrl}, ClassLoader.getSystemClassLoader())) {
            List<String> entries = classPaths.entries(launched);
            Path classes = Path.of(entries.get(entries.size() - 2));
            Path util = Path.of(entries.get(entries.size() - 1));
            assertArrayEquals(classFile, Files.readAllBytes(classes.resolve("com/example/App.class")));
            assertTrue(classes.startsWith(tmp.resolve("scratch")), classes::toString);
            assertArrayEquals(lib, Files.readAllBytes(util));
            assertEquals(tmp.resolve("cache"), util.getParent(), "nested jars go to the owner-only cache");
            assertTrue(util.getFileName().toString().startsWith("util-1.0-"), util::toString);
            assertEquals(List.of(), warnings);
        }
    }

    @Test
    void theExplicitSettingIsTheClassPathWhateverTheLoader() throws IOException {
        System.setProperty(WorkerClassPath.SETTING, "/a/x.jar" + File.pathSeparator + "/a/classes");
        ClassLoader opaque = new ClassLoader("opaque", ClassLoader.getSystemClassLoader()) {
        };
        assertEquals(List.of("/a/x.jar", "/a/classes"), classPaths.entries(opaque));
    }

    @Test
    void aLoaderLoxCannotReproduceIsAnErrorNamingItAndTheSetting() {
        ClassLoader opaque = new ClassLoader("plugins", ClassLoader.getSystemClassLoader()) {
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> classPaths.entries(opaque));
        assertTrue(e.getMessage().contains(opaque.getClass().getName() + " 'plugins'"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dlox.process.classpath="), e.getMessage());
    }

    @Test
    void aUrlOfAnotherProtocolIsAnErrorNamingIt() throws IOException {
        try (URLClassLoader remote = new URLClassLoader(new URL[] {new URL("http://example.com/lib.jar")},
                ClassLoader.getSystemClassLoader())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> classPaths.entries(remote));
            assertTrue(e.getMessage().contains("http://example.com/lib.jar"), e.getMessage());
        }
    }

    /** A URL of a protocol the JDK does not know (Spring Boot's nested:), as Spring Boot's own handler makes them. */
    @SuppressWarnings("deprecation") // URL(URL, String, URLStreamHandler): URL.of needs Java 20
    private static URL url(String spec) throws IOException {
        return new URL(null, spec, new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) throws IOException {
                throw new IOException("not opened by lox");
            }
        });
    }
}
