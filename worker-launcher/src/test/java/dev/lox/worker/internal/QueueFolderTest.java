package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue folder is owner-only, dead parents' folders are swept, and untrusted folders are refused. */
class QueueFolderTest {

    @Test
    void createdFolderIsOwnerOnlyAndNamedForThisJvm() throws IOException {
        Path dir = QueueFolder.create();
        try {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            assertTrue(dir.getFileName().toString().startsWith("lox-" + ProcessHandle.current().pid() + "-"));
            QueueFolder.checkTrusted(dir);
        } finally {
            QueueFolder.deleteTree(dir);
        }
    }

    @Test
    void folderOthersCanWriteIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("q"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
        IOException e = assertThrows(IOException.class, () -> QueueFolder.checkTrusted(dir));
        assertTrue(e.getMessage().contains("has permissions rwxrwx---, so others can write to it"), e.getMessage());
    }

    @Test
    void linkIsRefused(@TempDir Path tmp) throws IOException {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        IOException e = assertThrows(IOException.class, () -> QueueFolder.checkTrusted(link));
        assertTrue(e.getMessage().contains("is not a folder (a link or a file)"), e.getMessage());
    }

    @Test
    void folderOwnedBySomeoneElseIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("theirs"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        UserPrincipal nobody;
        try {
            nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(dir, nobody);
        } catch (IOException | UnsupportedOperationException e) {
            org.junit.jupiter.api.Assumptions.abort("cannot give a folder to user nobody here: " + e);
            return;
        }
        IOException e = assertThrows(IOException.class, () -> QueueFolder.checkTrusted(dir));
        assertTrue(e.getMessage().contains("is owned by nobody"), e.getMessage());
    }

    @Test
    void deadParentsFoldersAreSweptLiveOnesKept(@TempDir Path tmp) throws IOException {
        long deadPid = deadPid();
        Path dead = Files.createDirectories(tmp.resolve("lox-" + deadPid + "-12345-1").resolve("pool/w0-1"));
        Files.writeString(dead.resolve("data"), "x");
        ProcessHandle me = ProcessHandle.current();
        long start = me.info().startInstant().orElseThrow().toEpochMilli();
        Path live = Files.createDirectory(tmp.resolve("lox-" + me.pid() + "-" + start + "-2"));
        Path other = Files.createDirectory(tmp.resolve("lox-notapid-x-y"));

        QueueFolder.sweepDead(tmp);

        assertFalse(Files.exists(tmp.resolve("lox-" + deadPid + "-12345-1")), "a dead parent's folder is removed");
        assertTrue(Files.exists(live), "a live parent's folder is kept");
        assertTrue(Files.exists(other), "a folder that is not lox's is kept");
    }

    private static long deadPid() {
        for (long pid = 4_000_000; pid > 3_000_000; pid--) {
            if (ProcessHandle.of(pid).isEmpty()) {
                return pid;
            }
        }
        throw new IllegalStateException("no free pid found");
    }
}
