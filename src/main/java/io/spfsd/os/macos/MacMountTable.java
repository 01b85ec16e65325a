package io.spfsd.os.macos;

import io.spfsd.os.FileStat;
import io.spfsd.os.MountTable;
import java.nio.file.Path;

/**
 * Mounts on macOS without a mount table to read: a path is a mount point when its device
 * differs from its parent's (or it is "/"), which holds on any Unix; unmounting forces
 * (macOS has no lazy detach).
 */
final class MacMountTable implements MountTable {
    private final DarwinFiles files;

    MacMountTable(DarwinFiles files) {
        this.files = files;
    }

    @Override
    public boolean isMountPoint(Path path) {
        return isMountPoint(FileStat.ofJava(path), path.toAbsolutePath().getParent() == null ? null
                : FileStat.ofJava(path.toAbsolutePath().getParent()));
    }

    /** The rule, on two stats (null: missing): a directory on another device than its parent's. */
    static boolean isMountPoint(FileStat self, FileStat parent) {
        if (self == null || (self.mode() & 0170000) != 0040000) {
            return false;
        }
        return parent == null || self.dev() != parent.dev();
    }

    @Override
    public String manualDetach(Path path) {
        return "umount -f " + path;
    }

    @Override
    public boolean detach(Path path) {
        return files.forceUnmount(path) == 0 || !isMountPoint(path);
    }
}
