package io.spfsd.os.macos;

import io.spfsd.os.FileStat;
import io.spfsd.os.MountTable;
import io.spfsd.os.Os;
import io.spfsd.os.ProcessTable;
import io.spfsd.os.RuntimeGroups;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

/**
 * macOS behind the OS seam. Done: the process table and exit watch (libproc, sysctl, kqueue).
 * Not yet (each says so in one line): the mount table (getfsstat), stat of payloads (Darwin
 * struct stat), process owners, atomic exchange (renameatx_np) and volume sync
 * (fsync_volume_np). macOS has no cgroups: a runtime is its root's process tree. Nothing here
 * has run on a Mac; see docs/platforms.md.
 */
public final class MacOs implements Os {
    private volatile ProcessTable processes;

    private static UnsupportedOperationException notYet(String what) {
        return new UnsupportedOperationException(what + " is not implemented on macOS yet (docs/platforms.md)");
    }

    @Override
    public java.util.List<io.spfsd.os.PlatformCheck> checks() {
        java.nio.file.Path bundle = java.nio.file.Path.of("/Library/Filesystems/macfuse.fs");
        return java.util.List.of(java.nio.file.Files.isDirectory(bundle)
                        ? io.spfsd.os.PlatformCheck.warn("macFUSE", "installed at " + bundle + "; its kernel-extension"
                        + " backend must be the one in use: FSKit passes no caller PID, so no routing")
                        : io.spfsd.os.PlatformCheck.fail("macFUSE", "not installed: brew install --cask macfuse, then"
                        + " allow its system extension"),
                io.spfsd.os.PlatformCheck.warn("runtime lifetime", "macOS has no cgroups: a runtime is its root's"
                        + " process tree; processes that detach lose it when the root exits"));
    }

    @Override
    public ProcessTable processes() {
        ProcessTable p = processes;
        if (p == null) {
            synchronized (this) {
                if (processes == null) {
                    processes = new MacProcessTable();
                }
                p = processes;
            }
        }
        return p;
    }

    @Override
    public MountTable mounts() {
        throw notYet("the mount table (getfsstat)");
    }

    @Override
    public RuntimeGroups runtimeGroups() {
        return RuntimeGroups.NONE;
    }

    @Override
    public Optional<UserPrincipal> processOwner(int pid) {
        throw notYet("process ownership");
    }

    @Override
    public FileStat stat(int fd) {
        return null;
    }

    @Override
    public FileStat stat(Path path) {
        return null;
    }

    @Override
    public int exchange(Path a, Path b) {
        return 78; // Darwin's ENOSYS
    }

    @Override
    public void syncFilesystemOf(Path dir) throws IOException {
        throw new IOException(notYet("syncing a volume (fsync_volume_np)").getMessage());
    }
}
