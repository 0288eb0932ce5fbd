package dev.lox.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * The one check lox makes before it trusts a file or folder with code it will run: process mode's
 * queue folders (a worker runs what its queue holds) and the cache of the agent's nested jars (the
 * application and its workers load classes from them). Another local user must not be able to
 * plant or change either.
 */
public final class OwnerOnly {
    private OwnerOnly() {
    }

    /**
     * Null when {@code path} is a real folder ({@code folder}) or regular file — not a link — owned
     * by the user this JVM runs as and writable by nobody else; else what is wrong, naming the path.
     * File systems without POSIX owners and modes (Windows) are not checked here: the ACLs of the
     * user's own temporary folder apply.
     */
    public static String problem(Path path, boolean folder) throws IOException {
        if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return null;
        }
        PosixFileAttributes attrs = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String kind = folder ? "folder (a link or a file)" : "regular file (a link or a folder)";
        if (attrs.isSymbolicLink()) {
            return path + " is not a " + kind + ": it is a symbolic link";
        }
        if (folder ? !attrs.isDirectory() : !attrs.isRegularFile()) {
            return path + " is not a " + kind;
        }
        UserPrincipal me = currentUser(path);
        if (!attrs.owner().equals(me)) {
            return path + " is owned by " + attrs.owner().getName() + ", not by " + me.getName() + " who runs this JVM";
        }
        Set<PosixFilePermission> perms = attrs.permissions();
        if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            return path + " has permissions " + PosixFilePermissions.toString(perms) + ", so others can write to it";
        }
        return null;
    }

    /**
     * The user this JVM runs as, as the file system names owners. On Linux the owner of
     * {@code /proc/self} is exactly that (the effective user); elsewhere the {@code user.name}
     * property is looked up.
     */
    public static UserPrincipal currentUser(Path onFileSystem) throws IOException {
        Path self = Path.of("/proc/self");
        if (Files.exists(self)) {
            return Files.getOwner(self);
        }
        return onFileSystem.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
    }
}
