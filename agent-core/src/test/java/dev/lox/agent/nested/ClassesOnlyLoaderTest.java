package dev.lox.agent.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nested rewriter jar's loader: defines the jar's classes itself, as its own, from the jar's bytes. */
class ClassesOnlyLoaderTest {
    @TempDir
    Path tmp;

    /** Loaded from the jar by the loader under test; its parent (the platform loader) cannot see it. */
    public static final class Greeting implements Supplier<String> {
        @Override
        public String get() {
            return "hello from " + getClass().getClassLoader().getName();
        }
    }

    private static final String GREETING = Greeting.class.getName();

    private Path jarHolding(Class<?> type) throws IOException {
        String entry = type.getName().replace('.', '/') + ".class";
        Path jar = tmp.resolve("classes.jar");
        try (InputStream in = type.getClassLoader().getResourceAsStream(entry);
                OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void definesTheJarsClassesAsItsOwnWithTheJarAsTheirCodeSource() throws Exception {
        Path jar = jarHolding(Greeting.class);
        ClassesOnlyLoader loader = new ClassesOnlyLoader("lox-test", jar, ClassLoader.getPlatformClassLoader());
        Class<?> loaded = Class.forName(GREETING, true, loader);
        assertNotSame(Greeting.class, loaded);
        assertSame(loader, loaded.getClassLoader());
        assertEquals(jar.toUri().toURL(), loaded.getProtectionDomain().getCodeSource().getLocation());
        assertEquals(Greeting.class.getPackageName(), loaded.getPackageName());
        @SuppressWarnings("unchecked")
        Supplier<String> greeting = (Supplier<String>) loaded.getConstructor().newInstance();
        assertEquals("hello from lox-test", greeting.get());
        assertSame(loaded, Class.forName(GREETING, false, loader), "loaded once");
    }

    /** The rewriter's way in: the nested entry's bytes, read into memory, with the agent jar as code source. */
    @Test
    void definesTheClassesOfAJarReadFromAStream() throws Exception {
        Path jar = jarHolding(Greeting.class);
        URL agentJar = tmp.resolve("agent.jar").toUri().toURL();
        ClassesOnlyLoader loader = new ClassesOnlyLoader("lox-test", Files.newInputStream(jar), agentJar, "agent.jar!/nested.jar",
                ClassLoader.getPlatformClassLoader());
        Class<?> loaded = Class.forName(GREETING, true, loader);
        assertSame(loader, loaded.getClassLoader());
        assertEquals(agentJar, loaded.getProtectionDomain().getCodeSource().getLocation());
    }

    /** A damaged class file fails when its class is asked for (its CRC-32, or its inflation), never defined half-read. */
    @Test
    void aDamagedClassFileIsRefused() throws Exception {
        Path jar = jarHolding(Greeting.class);
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length / 3] ^= 0x5a; // inside the one entry's data, before the central directory
        ClassesOnlyLoader loader = new ClassesOnlyLoader("lox-test", new ByteArrayInputStream(bytes),
                jar.toUri().toURL(), "damaged.jar", ClassLoader.getPlatformClassLoader());
        ClassFormatError e = assertThrows(ClassFormatError.class, () -> Class.forName(GREETING, false, loader));
        assertTrue(e.getMessage().contains("damaged.jar") && e.getMessage().contains("Greeting.class"), e.getMessage());
        assertThrows(ClassFormatError.class, () -> Class.forName(GREETING, false, loader), "still refused when asked again");
    }

    /** A damaged central directory fails when the loader is made. */
    @Test
    void aJarWithADamagedDirectoryIsRefused() throws Exception {
        byte[] bytes = Files.readAllBytes(jarHolding(Greeting.class));
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 30); // the end record and part of the directory
        assertThrows(IOException.class, () -> new ClassesOnlyLoader("lox-test", new ByteArrayInputStream(truncated),
                tmp.toUri().toURL(), "truncated.jar", ClassLoader.getPlatformClassLoader()));
        byte[] misplaced = bytes.clone();
        misplaced[misplaced.length - 22 + 16] ^= 0x40; // the end record's offset of the central directory
        assertThrows(IOException.class, () -> new ClassesOnlyLoader("lox-test", new ByteArrayInputStream(misplaced),
                tmp.toUri().toURL(), "misplaced.jar", ClassLoader.getPlatformClassLoader()));
    }

    /** Entries stored rather than deflated load too (their CRC-32 checked alike). */
    @Test
    void definesClassesOfAStoredJar() throws Exception {
        String entry = GREETING.replace('.', '/') + ".class";
        byte[] classFile;
        try (InputStream in = Greeting.class.getClassLoader().getResourceAsStream(entry)) {
            classFile = in.readAllBytes();
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(classFile);
        Path jar = tmp.resolve("stored.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            JarEntry stored = new JarEntry(entry);
            stored.setMethod(JarEntry.STORED);
            stored.setSize(classFile.length);
            stored.setCrc(crc.getValue());
            out.putNextEntry(stored);
            out.write(classFile);
            out.closeEntry();
        }
        ClassesOnlyLoader loader = new ClassesOnlyLoader("lox-test", jar, ClassLoader.getPlatformClassLoader());
        assertSame(loader, Class.forName(GREETING, true, loader).getClassLoader());
    }

    @Test
    void aClassNotInTheJarIsNotFoundByName() throws Exception {
        ClassesOnlyLoader loader = new ClassesOnlyLoader("lox-test", jarHolding(Greeting.class), ClassLoader.getPlatformClassLoader());
        ClassNotFoundException e = assertThrows(ClassNotFoundException.class, () -> Class.forName("example.Missing", false, loader));
        assertTrue(e.getMessage().contains("example.Missing"), e.getMessage());
    }

    /** The jar's own classes are not looked for in the parent first (which would throw a ClassNotFoundException for each). */
    @Test
    void itsJarsClassesComeFromTheJarEvenWhenTheParentHasThem() throws Exception {
        ClassLoader parent = ClassesOnlyLoaderTest.class.getClassLoader();
        ClassesOnlyLoader loader = new ClassesOnlyLoader("lox-test", jarHolding(Greeting.class), parent);
        Class<?> loaded = Class.forName(GREETING, false, loader);
        assertNotSame(Greeting.class, loaded);
        assertSame(loader, loaded.getClassLoader());
        assertSame(loaded, Class.forName(GREETING, true, loader), "defined once");
    }

    /** Any class the jar does not hold is the parent's. */
    @Test
    void otherClassesComeFromTheParent() throws Exception {
        ClassesOnlyLoader loader = new ClassesOnlyLoader("lox-test", jarHolding(Greeting.class), ClassesOnlyLoaderTest.class.getClassLoader());
        assertSame(ClassesOnlyLoaderTest.class, Class.forName(ClassesOnlyLoaderTest.class.getName(), false, loader));
        assertSame(String.class, Class.forName("java.lang.String", false, loader));
    }

    /** It finds no resources of its own: the rewriter reads none (see the class's Javadoc). */
    @Test
    void findsNoResourceOfItsJar() throws Exception {
        ClassesOnlyLoader loader = new ClassesOnlyLoader("lox-test", jarHolding(Greeting.class), ClassLoader.getPlatformClassLoader());
        assertNull(loader.getResource(GREETING.replace('.', '/') + ".class"));
    }
}
