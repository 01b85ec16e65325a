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
    /** What macOS lacks so far: each call says so in one line. */
    private final Os notYet = new io.spfsd.os.UnsupportedOs(io.spfsd.os.Platform.current());

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
        return notYet.mounts();
    }

    @Override
    public RuntimeGroups runtimeGroups() {
        return RuntimeGroups.NONE;
    }

    @Override
    public Optional<UserPrincipal> processOwner(int pid) {
        return notYet.processOwner(pid);
    }

    @Override
    public FileStat stat(int fd) {
        return notYet.stat(fd);
    }

    @Override
    public FileStat stat(Path path) {
        return notYet.stat(path);
    }

    @Override
    public int exchange(Path a, Path b) {
        return notYet.exchange(a, b);
    }

    @Override
    public void syncFilesystemOf(Path dir) throws IOException {
        notYet.syncFilesystemOf(dir);
    }
}
