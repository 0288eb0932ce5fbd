package dev.lox.agent.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders, jars and fat jars read into class files, without extracting anything. */
class ClassPathReaderTest {
    private static final byte[] A = {(byte) 0xCA, (byte) 0xFE, 1};
    private static final byte[] B = {(byte) 0xCA, (byte) 0xFE, 2};

    @TempDir
    Path dir;

    static byte[] jar(Map<String, byte[]> entries, boolean stored) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (stored) { // Spring Boot stores its nested jars uncompressed
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    @Test
    void aFolderAndAJarGiveTheirClassesAndTheFirstOfTwoOfOneNameWins() throws IOException {
        write("classes/com/example/A.class", A);
        write("classes/META-INF/versions/11/com/example/A.class", B);
        write("classes/module-info.class", B);
        Path jar = write("lib.jar", jar(Map.of("com/example/A.class", B, "com/example/B.class", B, "README.txt", B), false));
        ClassFiles files = ClassPathReader.read(List.of(dir.resolve("classes").toString(), jar.toString()));
        assertEquals(List.of("com/example/A", "com/example/B"), List.copyOf(files.names()));
        assertArrayEquals(A, files.bytes("com/example/A"));
        assertEquals(jar.toString(), files.source("com/example/B"));
    }

    @Test
    void aSpringBootFatJarGivesItsClassesAndTheJarsInItsLibFolderButNotItsLauncher() throws IOException {
        byte[] library = jar(Map.of("org/lib/Util.class", B), false);
        Path fat = write("app.jar", jar(Map.of(
                "org/springframework/boot/loader/launch/JarLauncher.class", B,
                "BOOT-INF/classes/com/example/App.class", A,
                "BOOT-INF/lib/util-1.0.jar", library,
                "BOOT-INF/classpath.idx", B), true));
        ClassFiles files = ClassPathReader.read(List.of(fat.toString()));
        assertEquals(List.of("com/example/App", "org/lib/Util"), List.copyOf(files.names()));
        assertArrayEquals(B, files.bytes("org/lib/Util"));
        assertEquals(fat + "!/BOOT-INF/lib/util-1.0.jar", files.source("org/lib/Util"));
    }

    @Test
    void anArgumentMayJoinEntriesAndAFolderStarStandsForItsJars() throws IOException {
        write("libs/one.jar", jar(Map.of("p/One.class", A), false));
        write("libs/two.jar", jar(Map.of("p/Two.class", B), false));
        write("more/p/Three.class", A);
        ClassFiles files = ClassPathReader.read(List.of(dir.resolve("libs") + "/*" + java.io.File.pathSeparator + dir.resolve("more")));
        assertEquals(List.of("p/One", "p/Two", "p/Three"), List.copyOf(files.names()));
    }

    @Test
    void aMissingEntryOrAFileThatIsNoJarIsNamedWithTheFix() throws IOException {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ClassPathReader.read(List.of(dir.resolve("nope.jar").toString())));
        assertTrue(missing.getMessage().startsWith("class path entry \"" + dir.resolve("nope.jar") + "\": no such file or folder"),
                missing.getMessage());
        Path text = write("notes.jar", "not a zip".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        IllegalArgumentException notJar = assertThrows(IllegalArgumentException.class, () -> ClassPathReader.read(List.of(text.toString())));
        assertTrue(notJar.getMessage().contains("is not a jar"), notJar.getMessage());
    }
}
