package io.spfsd.os;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

/** A system spfsd does not run on: every call that needs the system says so, in one line. */
final class UnsupportedOs implements Os {
    private final Platform platform;

    UnsupportedOs(Platform platform) {
        this.platform = platform;
    }

    private UnsupportedOperationException no(String what) {
        return new UnsupportedOperationException(what + " is not implemented on this platform (" + platform.id
                + "): spfsd runs on Linux and macOS (docs/platforms.md)");
    }

    @Override
    public java.util.List<PlatformCheck> checks() {
        return java.util.List.of();
    }

    @Override
    public ProcessTable processes() {
        throw no("the process table");
    }

    @Override
    public MountTable mounts() {
        throw no("the mount table");
    }

    @Override
    public RuntimeGroups runtimeGroups() {
        return RuntimeGroups.NONE;
    }

    @Override
    public Optional<UserPrincipal> processOwner(int pid) {
        throw no("process ownership");
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
    public void syncFilesystemOf(Path dir) throws IOException {
        throw new IOException(no("syncing a filesystem").getMessage());
    }
}
