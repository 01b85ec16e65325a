package io.spfsd.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * State directories (socket, locks, logs) are the user's alone: whoever creates one first,
 * the daemon or a client starting it, creates it 0700.
 */
public final class PrivateDirectories {
    private PrivateDirectories() {
    }

    /** Creates dir and any missing parents with mode 0700; an existing directory is left as it is. */
    public static Path create(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return dir;
    }
}
