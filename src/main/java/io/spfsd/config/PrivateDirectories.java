package io.spfsd.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * State directories (socket, locks, logs) are the user's alone: whoever creates one first,
 * the daemon or a client starting it, creates it 0700.
 */
public final class PrivateDirectories {
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
    private static final FileAttribute<Set<PosixFilePermission>> CREATE_PRIVATE =
            PosixFilePermissions.asFileAttribute(PRIVATE);

    private PrivateDirectories() {
    }

    /** Creates dir and any missing parents with mode 0700; an existing directory is left as it is. */
    public static Path create(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, CREATE_PRIVATE);
        }
        return dir;
    }

    /**
     * Like {@link #create}, and an existing one the user owns is made 0700 as well: for
     * spfsd's own state directory, which earlier versions created 0755. Never for a directory
     * a user merely chose for a socket (that could be /tmp).
     */
    public static Path createOrTighten(Path dir) throws IOException {
        create(dir);
        if (Files.getOwner(dir).getName().equals(System.getProperty("user.name"))
                && !Files.getPosixFilePermissions(dir).equals(PRIVATE)) {
            Files.setPosixFilePermissions(dir, PRIVATE);
        }
        return dir;
    }
}
