package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workers' class-data archive is used only when it is the user's own and whole; otherwise
 * workers start without it, and it says why once. (That workers really start from it is
 * ProcessModeIT's, through the agent jar.)
 */
class WorkerArchiveTest {
    @TempDir
    Path tmp;
    private Path cache;
    private Path loxJar;
    private final List<String> said = new ArrayList<>();

    @BeforeEach
    void folders() throws IOException {
        cache = Files.createDirectory(tmp.resolve("cache"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        loxJar = Files.write(tmp.resolve("lox-process.jar"), new byte[] {1, 2, 3});
    }

    /** An archive whose training runs {@code launcher} (a command that fails, here: no JVM is started). */
    private WorkerArchive archive(String launcher, List<String> loxClassPath) {
        return new WorkerArchive(ArchiveFormat.DYNAMIC_CDS, cache, tmp.resolve("scratch"), loxClassPath, List.of(launcher, "-Xmx1g"), List.of("-Xmx1g"),
                said::add);
    }

    private WorkerArchive archive() {
        return archive("/bin/false", List.of(loxJar.toString()));
    }

    /** Writes an archive file as training would: read-only, named with its CRC-32 (or another). */
    private Path archiveFile(WorkerArchive a, byte[] content, String crcInName, String permissions) throws IOException {
        Path f = Files.write(cache.resolve("scratch.bin"), content);
        String crc = crcInName != null ? crcInName : String.format("%08x", dev.lox.internal.JarCache.crc32(f));
        Path named = Files.move(f, cache.resolve(WorkerArchive.PREFIX + a.key() + "-" + crc + ".jsa"));
        Files.setPosixFilePermissions(named, PosixFilePermissions.fromString(permissions));
        return named;
    }

    @Test
    void aWholeArchiveOfTheUsersOwnIsGivenToWorkers() throws IOException {
        WorkerArchive a = archive();
        Path file = archiveFile(a, new byte[] {9, 8, 7}, null, "r--------");
        assertEquals(List.of("-XX:SharedArchiveFile=" + file, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"), a.flags());
        assertEquals(WorkerArchive.State.READY, a.state());
        assertTrue(said.isEmpty(), said::toString);
    }

    @Test
    void workersGetTheArchiveBeforeTheirClassPath() throws IOException {
        WorkerArchive a = archive();
        Path file = archiveFile(a, new byte[] {9, 8, 7}, null, "r--------");
        Path argFile = Files.write(tmp.resolve("worker.args"), List.of("-Dx=y"));
        List<String> cmd = WorkerCommand.create(argFile, List.of("app.jar"), null, a)
                .builder(1, tmp, tmp.resolve("w0"), 1024).command();
        int archiveAt = cmd.indexOf("-XX:SharedArchiveFile=" + file);
        assertTrue(archiveAt > 0 && archiveAt < cmd.indexOf("-cp"), cmd::toString);
        assertEquals(List.of(), WorkerCommand.create(argFile, List.of("app.jar"), null, null).builder(1, tmp, tmp.resolve("w0"), 1024)
                .command().stream().filter(f -> f.startsWith("-XX:SharedArchiveFile")).toList(), "none without an archive");
    }

    @Test
    void anArchiveOthersCanWriteIsNotUsedAndLeftAlone() throws IOException {
        WorkerArchive a = archive();
        Path file = archiveFile(a, new byte[] {9, 8, 7}, null, "rw--w----");
        assertEquals(List.of(), a.flags());
        assertEquals(WorkerArchive.State.UNAVAILABLE, a.state());
        assertTrue(Files.exists(file), "not ours to remove");
        assertEquals(1, said.size(), said::toString);
        assertTrue(said.get(0).contains(file + " has permissions rw--w----, so others can write to it"), said::toString);
    }

    @Test
    void anArchiveOwnedBySomeoneElseIsNotUsed() throws IOException {
        WorkerArchive a = archive();
        Path file = archiveFile(a, new byte[] {9, 8, 7}, null, "r--------");
        UserPrincipal nobody;
        try {
            nobody = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(file, nobody);
        } catch (IOException | UnsupportedOperationException e) {
            org.junit.jupiter.api.Assumptions.abort("cannot give a file to user nobody here: " + e);
            return;
        }
        assertEquals(List.of(), a.flags());
        assertTrue(said.get(0).contains("is owned by nobody"), said::toString);
    }

    @Test
    void aDamagedArchiveIsRemovedAndMadeAgainAndAFailedTrainingLeavesWorkersWithout() throws Exception {
        WorkerArchive a = archive();
        Path file = archiveFile(a, new byte[] {9, 8, 7}, "00000000", "r--------");
        assertEquals(List.of(), a.flags(), "no archive while one is made");
        assertFalse(Files.exists(file), "a damaged archive of ours is removed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (a.state() == WorkerArchive.State.TRAINING && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // /bin/false stands in for the training JVM: it fails, and workers go on without an archive
        assertEquals(WorkerArchive.State.UNAVAILABLE, a.state());
        assertEquals(List.of(), a.flags());
        assertTrue(said.stream().anyMatch(s -> s.contains("was damaged")), said::toString);
        assertTrue(said.stream().anyMatch(s -> s.contains("making it failed: the JVM that makes it exited with 1")), said::toString);
        try (var left = Files.list(cache)) {
            assertEquals(List.of(), left.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void loxClassesInFoldersGetNoArchive() throws IOException {
        Path classes = Files.createDirectory(tmp.resolve("classes"));
        WorkerArchive a = archive("/bin/false", List.of(classes.toString()));
        assertEquals(List.of(), a.flags());
        assertEquals(WorkerArchive.State.UNAVAILABLE, a.state());
        assertTrue(said.get(0).contains("the JVM archives classes from jars only"), said::toString);
    }

    @Test
    void aCacheFolderOthersCanWriteIsNotUsed() throws IOException {
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        WorkerArchive a = archive();
        assertEquals(List.of(), a.flags());
        assertTrue(said.get(0).contains("the cache folder is not trusted"), said::toString);
        assertNull(a.archive());
    }

    @Test
    void theNameChangesWithTheJarsAndTheFlags() throws IOException {
        String key = WorkerArchive.key(ArchiveFormat.DYNAMIC_CDS, List.of(loxJar.toString()), List.of("-Xmx1g"));
        assertNotEquals(key, WorkerArchive.key(ArchiveFormat.DYNAMIC_CDS, List.of(loxJar.toString()), List.of("-Xmx2g")));
        Files.write(loxJar, new byte[] {1, 2, 3, 4}); // another build: another size
        assertNotEquals(key, WorkerArchive.key(ArchiveFormat.DYNAMIC_CDS, List.of(loxJar.toString()), List.of("-Xmx1g")));
    }

    @Test
    void theDefaultIsTheAotCacheOnJava25AndTheAppCdsArchiveBeforeAndABadValueIsNamed() {
        assertEquals(ArchiveFormat.DYNAMIC_CDS, ArchiveFormat.of(null, 17));
        assertEquals(ArchiveFormat.AOT_CACHE, ArchiveFormat.of(null, 25));
        assertEquals(ArchiveFormat.AOT_CACHE, ArchiveFormat.of(" AOT ", 25));
        assertEquals(ArchiveFormat.DYNAMIC_CDS, ArchiveFormat.of("aot", 21), "a JVM before 25 makes the one it can");
        assertEquals(ArchiveFormat.DYNAMIC_CDS, ArchiveFormat.of("cds", 25));
        assertNull(ArchiveFormat.of("false", 25));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ArchiveFormat.of("yes", 25));
        assertTrue(bad.getMessage().startsWith("-Dlox.process.classDataArchive must be true") && bad.getMessage().endsWith("was 'yes'"),
                bad.getMessage());
    }

    @Test
    void anAotCacheIsGivenToWorkersWithItsLogLinesOff() throws IOException {
        WorkerArchive a = new WorkerArchive(ArchiveFormat.AOT_CACHE, cache, tmp.resolve("scratch"), List.of(loxJar.toString()),
                List.of("/bin/false", "-Xmx1g"), List.of("-Xmx1g"), said::add);
        assertNotEquals(archive().key(), a.key(), "one key per format");
        Path jsa = archiveFile(archive(), new byte[] {9, 8, 7}, null, "r--------");
        Path f = Files.write(cache.resolve("scratch.bin"), new byte[] {5, 6});
        Path aot = Files.move(f, cache.resolve(WorkerArchive.PREFIX + a.key() + "-"
                + String.format("%08x", dev.lox.internal.JarCache.crc32(f)) + ".aot"));
        assertEquals(List.of("-XX:AOTCache=" + aot, "-Xlog:aot*=off", "-Xlog:cds*=off"), a.flags());
        assertTrue(Files.exists(jsa));
    }

    /** A launcher that writes its arguments to a file and fails: the training command, seen. */
    private Path recordingLauncher(Path into) throws IOException {
        Path script = Files.writeString(tmp.resolve("java.sh"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + into + "\nexit 1\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static void awaitTrainingEnd(WorkerArchive a) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (a.state() == WorkerArchive.State.TRAINING && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertNotEquals(WorkerArchive.State.TRAINING, a.state(), "the training ended within 30 s");
    }

    @Test
    void theAotCacheIsTrainedInOneStepWithItsConfigurationInTheTrainingsScratchFolder() throws Exception {
        Path args = tmp.resolve("args.txt");
        WorkerArchive a = new WorkerArchive(ArchiveFormat.AOT_CACHE, cache, tmp.resolve("scratch"), List.of(loxJar.toString()),
                List.of(recordingLauncher(args).toString(), "-Xmx1g"), List.of("-Xmx1g"), said::add);
        assertEquals(List.of(), a.flags(), "none while it is made");
        awaitTrainingEnd(a);
        List<String> cmd = Files.readAllLines(args);
        int cp = cmd.indexOf("-cp");
        String output = cmd.stream().filter(x -> x.startsWith("-XX:AOTCacheOutput=")).findFirst().orElseThrow();
        String config = cmd.stream().filter(x -> x.startsWith("-XX:AOTConfiguration=")).findFirst().orElseThrow();
        assertTrue(cmd.indexOf(output) < cp && cmd.indexOf(config) < cp, cmd::toString);
        assertTrue(output.startsWith("-XX:AOTCacheOutput=" + cache.resolve(WorkerArchive.PREFIX + a.key() + "-")) && output.endsWith(".tmp"), output);
        assertTrue(config.matches("-XX:AOTConfiguration=" + tmp.resolve("scratch") + "/training-[0-9]+/training\\.aotconf"), config);
        assertEquals(List.of(loxJar.toString(), WorkerTraining.class.getName()), cmd.subList(cp + 1, cp + 3));
        assertTrue(said.stream().anyMatch(x -> x.contains("the JVM that makes it exited with 1")), said::toString);
    }

    @Test
    void makingAnArchiveSweepsOurOlderOnesButTheMostRecentlyUsedAndNothingElse() throws Exception {
        FileTime base = FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(10)));
        List<Path> ours = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // five of other lox builds, the oldest first
            Path f = Files.write(cache.resolve(String.format("%s%016x-%08x.%s", WorkerArchive.PREFIX, i, i, i % 2 == 0 ? "jsa" : "aot")),
                    new byte[] {1});
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
            Files.setLastModifiedTime(f, FileTime.fromMillis(base.toMillis() + i * 60_000L));
            ours.add(f);
        }
        Path writable = Files.write(cache.resolve(WorkerArchive.PREFIX + "00000000000000aa-000000aa.jsa"), new byte[] {1});
        Files.setPosixFilePermissions(writable, PosixFilePermissions.fromString("rw-rw----"));
        Path other = Files.write(cache.resolve(WorkerArchive.PREFIX + "notes.jsa"), new byte[] {1});
        Path jar = Files.write(cache.resolve("lox-process-d36ddf06-3.jar"), new byte[] {1});
        for (Path p : List.of(writable, other, jar)) {
            Files.setLastModifiedTime(p, base);
        }

        WorkerArchive a = archive();
        assertEquals(List.of(), a.flags(), "none yet: a training starts, and sweeps first");
        awaitTrainingEnd(a);
        assertFalse(Files.exists(ours.get(0)));
        assertFalse(Files.exists(ours.get(1)));
        for (Path kept : ours.subList(2, 5)) {
            assertTrue(Files.exists(kept), "the " + WorkerArchive.KEEP_OTHERS + " most recently used are kept: " + kept);
        }
        for (Path kept : List.of(writable, other, jar)) {
            assertTrue(Files.exists(kept), "not an archive of ours: left alone: " + kept);
        }
    }

    @Test
    void usingAnArchiveMarksItRecentlyUsed() throws Exception {
        WorkerArchive a = archive();
        Path file = archiveFile(a, new byte[] {9, 8, 7}, null, "r--------");
        FileTime old = FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(10)));
        Files.setLastModifiedTime(file, old);
        assertEquals(WorkerArchive.State.UNCHECKED, a.state());
        a.flags();
        assertTrue(Files.getLastModifiedTime(file).compareTo(old) > 0, "its time is the time it was last used");
    }
}
