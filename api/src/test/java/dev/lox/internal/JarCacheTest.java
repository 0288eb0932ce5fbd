package dev.lox.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarCacheTest {
    private static final String ENTRY = "META-INF/lox/nested.jar";
    private static final String STEM = "lox-test";

    @TempDir
    Path tmp;

    private Path cacheFolder;
    private Path fallbackFolder;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private byte[] content;
    private Path agentJar;

    @BeforeEach
    void setUp() throws IOException {
        cacheFolder = tmp.resolve("cache");
        fallbackFolder = Files.createDirectory(tmp.resolve("fallback"));
        content = bytes(200_000, 1);
        agentJar = agentJar("agent.jar", content);
    }

    @Test
    void aSecondExtractionReusesTheSameFile() throws IOException {
        Path first = extract();
        Object inode = Files.readAttributes(first, BasicFileAttributes.class).fileKey();
        Path second = extract(); // a new JarCache, as a later JVM makes

        assertEquals(first, second);
        assertEquals(cacheFolder, first.getParent());
        assertEquals(inode, Files.readAttributes(second, BasicFileAttributes.class).fileKey(), "rewritten instead of reused");
        assertArrayEquals(content, Files.readAllBytes(second));
        assertEquals(List.of(), warnings);
        assertEquals(List.of(), list(fallbackFolder));
        assertEquals(List.of(first), list(cacheFolder), "temporary files left behind");
    }

    @Test
    void theFolderIsOwnerOnlyAndTheJarWritableByNobodyElse() throws IOException {
        Path jar = extract();

        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(cacheFolder, LinkOption.NOFOLLOW_LINKS));
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(jar, LinkOption.NOFOLLOW_LINKS);
        assertFalse(perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE), perms::toString);
        assertTrue(Files.isRegularFile(jar, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aCachedJarOthersCanWriteIsNotTrusted() throws IOException {
        Path cached = extract();
        Files.setPosixFilePermissions(cached, PosixFilePermissions.fromString("rw-rw-rw-"));

        Path used = extract();

        assertFallback(used, "others can write");
        assertTrue(warnings.get(0).contains(cached.toString()), warnings::toString);
    }

    @Test
    void aSymbolicLinkInPlaceOfTheCachedJarIsNotTrusted() throws IOException {
        Files.createDirectory(cacheFolder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path planted = Files.write(tmp.resolve("planted.jar"), content);
        Files.createSymbolicLink(cacheFolder.resolve(fileName()), planted);

        assertFallback(extract(), "symbolic link");
    }

    @Test
    void aFolderOthersCanWriteIsNotTrusted() throws IOException {
        Files.createDirectory(cacheFolder);
        Files.setPosixFilePermissions(cacheFolder, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertFallback(extract(), "others can write");
        assertEquals(List.of(), list(cacheFolder), "wrote into an untrusted folder");
    }

    @Test
    void aSymbolicLinkInPlaceOfTheFolderIsNotTrusted() throws IOException {
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(cacheFolder, elsewhere);

        assertFallback(extract(), "symbolic link");
        assertEquals(List.of(), list(elsewhere), "wrote through the link");
    }

    @Test
    void aCachedJarOfTheWrongSizeIsReplaced() throws IOException {
        Files.createDirectory(cacheFolder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.write(cacheFolder.resolve(fileName()), new byte[] {1, 2, 3}); // as an interrupted older write would leave

        Path used = extract();

        assertEquals(cacheFolder.resolve(fileName()), used);
        assertArrayEquals(content, Files.readAllBytes(used));
        assertEquals(List.of(), warnings);
    }

    @Test
    void aCachedJarOfTheRightSizeButDamagedBytesIsReplacedAndSaidSo() throws IOException {
        Path cached = extract();
        byte[] damaged = content.clone();
        damaged[damaged.length / 2] ^= 0x5A; // same size, one byte changed: a bad disk, a stray write
        Files.setPosixFilePermissions(cached, PosixFilePermissions.fromString("rw-------"));
        Files.write(cached, damaged);
        Files.setPosixFilePermissions(cached, PosixFilePermissions.fromString("r--------"));

        Path used = extract();

        assertEquals(cached, used, "the cache entry itself is replaced");
        assertArrayEquals(content, Files.readAllBytes(used));
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).startsWith("lox: the cached copy " + cached) && warnings.get(0).contains("damaged")
                && warnings.get(0).contains("replaced"), warnings.get(0));
        assertEquals(List.of(used), list(cacheFolder), "temporary files left behind");
    }

    @Test
    void aDamagedAgentJarIsNamedAsTheCauseAndNothingIsCached() throws IOException {
        // A stored entry whose bytes no longer match the CRC-32 of the jar's central directory.
        agentJar = storedJar("damaged.jar", content);
        byte[] jar = Files.readAllBytes(agentJar);
        int at = indexOf(jar, java.util.Arrays.copyOfRange(content, 1000, 1016));
        jar[at] ^= 0x5A;
        Files.write(agentJar, jar);

        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, this::extract);

        assertTrue(e.getMessage().contains(ENTRY + " in " + agentJar) && e.getMessage().contains("is damaged"), e.getMessage());
        assertEquals(List.of(), list(cacheFolder), "a bad copy was cached");
    }

    private Path storedJar(String name, byte[] nested) throws IOException {
        Path jar = tmp.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            JarEntry entry = new JarEntry(ENTRY);
            entry.setMethod(java.util.zip.ZipEntry.STORED);
            entry.setSize(nested.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(nested);
            entry.setCrc(crc.getValue());
            out.putNextEntry(entry);
            out.write(nested);
            out.closeEntry();
        }
        return jar;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void anotherBuildOfTheNestedJarGetsAnotherFile() throws IOException {
        Path first = extract();
        byte[] other = bytes(content.length, 2); // same size, other bytes
        agentJar = agentJar("agent2.jar", other);

        Path second = extract();

        assertNotEquals(first, second);
        assertArrayEquals(content, Files.readAllBytes(first));
        assertArrayEquals(other, Files.readAllBytes(second));
    }

    @Test
    void racingExtractionsBothGetAWholeJar() throws Exception {
        int racers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return extract();
                }));
            }
            start.countDown();
            for (Future<Path> result : results) {
                Path jar = result.get(30, TimeUnit.SECONDS);
                assertEquals(cacheFolder.resolve(fileName()), jar);
                assertArrayEquals(content, Files.readAllBytes(jar));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), warnings);
        assertEquals(List.of(cacheFolder.resolve(fileName())), list(cacheFolder), "temporary files left behind");
    }

    @Test
    void temporaryFilesOfKilledExtractionsAreRemoved() throws IOException {
        Files.createDirectory(cacheFolder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path old = Files.write(cacheFolder.resolve(STEM + "-123.tmp"), new byte[] {1});
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path recent = Files.write(cacheFolder.resolve(STEM + "-456.tmp"), new byte[] {1}); // maybe another JVM's, writing

        extract();

        assertFalse(Files.exists(old));
        assertTrue(Files.exists(recent));
    }

    @Test
    void theFolderNameCannotLookLikeAQueueFolderTheWorkerLauncherSweeps() {
        // The launcher sweeps lox-<pid>-<start>-*; "cache" is never a number.
        Path folder = JarCache.forThisUser().folder();
        assertTrue(folder.getFileName().toString().startsWith("lox-cache-"), folder::toString);
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")), folder.getParent());
    }

    private void assertFallback(Path used, String why) throws IOException {
        assertEquals(fallbackFolder, used.getParent(), "used the untrusted cache");
        assertArrayEquals(content, Files.readAllBytes(used));
        assertEquals(1, warnings.size(), warnings::toString);
        String warning = warnings.get(0);
        assertTrue(warning.startsWith("lox: ") && warning.contains(why) && warning.contains(ENTRY), warning);
    }

    /** The cached file's name keeps the CRC-32 as String.format("%08x") wrote it, so earlier copies stay found. */
    @Test
    void crcIsWrittenAsEightHexDigits() {
        Random random = new Random(10);
        List<Long> crcs = new ArrayList<>(List.of(0L, 1L, 0xfL, 0xabcdefL, 0x0fffffffL, 0x10000000L, 0xffffffffL));
        for (int i = 0; i < 100; i++) {
            crcs.add(random.nextLong() & 0xffffffffL);
        }
        for (long crc : crcs) {
            assertEquals(String.format("%08x", crc), JarCache.crcHex(crc));
        }
    }

    /** The user's part of the folder's name: every character outside A-Za-z0-9._- becomes _. */
    @Test
    void userNameKeepsOnlyFileNameSafeCharacters() {
        for (String user : List.of("alice", "Bob_9.x-y", "dom\\user", "na me/../x", "üser", "", "a:b*c")) {
            assertEquals(user.replaceAll("[^A-Za-z0-9._-]", "_"), JarCache.safeFileName(user), user);
        }
    }

    private Path extract() throws IOException {
        try (JarFile jar = new JarFile(agentJar.toFile(), false)) {
            return new JarCache(cacheFolder, fallbackFolder, warnings::add).extract(jar, jar.getJarEntry(ENTRY), STEM);
        }
    }

    private String fileName() throws IOException {
        try (JarFile jar = new JarFile(agentJar.toFile(), false)) {
            return JarCache.fileName(STEM, jar.getJarEntry(ENTRY));
        }
    }

    private Path agentJar(String name, byte[] nested) throws IOException {
        Path jar = tmp.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(ENTRY));
            out.write(nested);
            out.closeEntry();
        }
        return jar;
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
