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
 * macOS behind the OS seam: the process table and exit watch (libproc, sysctl, kqueue), stat
 * into Darwin's struct stat, mount points by device, forced unmounts, process owners (the
 * JDK's own sysctl-based ProcessHandle), renameatx_np and fsync_volume_np. macOS has no
 * cgroups: a runtime is its root's process tree. Nothing here has run on a Mac; see
 * docs/platforms.md.
 */
public final class MacOs implements Os {
    private final io.spfsd.os.MadeOnFirstUse<ProcessTable> processes =
            new io.spfsd.os.MadeOnFirstUse<>(MacProcessTable::new);
    private volatile DarwinFiles files;

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
        return processes.get();
    }

    private DarwinFiles files() {
        DarwinFiles f = files;
        if (f == null) {
            synchronized (this) {
                if (files == null) {
                    files = new DarwinFiles(io.spfsd.os.Platform.current());
                }
                f = files;
            }
        }
        return f;
    }

    @Override
    public long getxattr(java.nio.file.Path path, String name, byte[] value) {
        return files().getxattr(path, name, value);
    }

    @Override
    public long listxattr(java.nio.file.Path path, byte[] names) {
        return files().listxattr(path, names);
    }

    @Override
    public int setxattr(java.nio.file.Path path, String name, byte[] value, int flags) {
        return files().setxattr(path, name, value, flags);
    }

    @Override
    public int removexattr(java.nio.file.Path path, String name) {
        return files().removexattr(path, name);
    }

    @Override
    public MountTable mounts() {
        return new MacMountTable(files());
    }

    @Override
    public RuntimeGroups runtimeGroups() {
        return RuntimeGroups.NONE;
    }

    @Override
    public Optional<UserPrincipal> processOwner(int pid) {
        Optional<String> user = ProcessHandle.of(pid).flatMap(h -> h.info().user());
        if (user.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService()
                    .lookupPrincipalByName(user.get()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public FileStat stat(int fd) {
        return files().fstat(fd);
    }

    @Override
    public FileStat stat(Path path) {
        return files().lstat(path);
    }

    @Override
    public io.spfsd.os.FileAttrs attrsAt(int dir, byte[] name) throws io.spfsd.os.ErrnoException {
        return files().attrsAt(dir, name);
    }

    /** macOS has no /proc: the directory's path as the kernel knows it now (F_GETPATH), then the name. */
    @Override
    public Path pathAt(int dir, byte[] name) {
        Path d = files().pathOf(dir);
        if (d == null) {
            throw new IllegalStateException("the system cannot name an open directory");
        }
        return io.spfsd.os.NativePaths.child(d, name);
    }

    @Override
    public void syncFilesystemOf(Path dir) throws IOException {
        int err = files().syncVolume(dir);
        if (err != 0) {
            throw new IOException("cannot sync the volume of " + dir + ": errno " + err);
        }
    }
}
