package io.spfsd.storage;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A repository this process cannot write (a read-only mount, an NFS export shared read-only)
 * is still read, served and checked; a change to it is refused before anything is attempted,
 * in one line that says so.
 */
public final class ReadOnlyRepositories {
    private ReadOnlyRepositories() {
    }

    /** Whether this process may change the repository at root (access(2) with W_OK: EROFS and EACCES say no). */
    public static boolean isWritable(Path root) {
        return Files.isWritable(root);
    }

    /** Refuses a change to the repository at root if this process cannot write it. */
    public static void refuseChange(Path root) {
        if (!isWritable(root)) {
            throw new RepositoryException("repository " + root + " is read-only: nothing was changed"
                    + " (it can still be read, run and checked)");
        }
    }
}
