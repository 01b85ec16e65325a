package io.spfsd.fuse;

import io.spfsd.fs.api.Filesystem;
import io.spfsd.os.Platform;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A mounted FUSE session serving a {@link Filesystem}, whichever FUSE flavour the platform
 * has. {@link #mount} picks the adapter: libfuse3 on Linux (io.spfsd.fuse.linux); macFUSE's
 * libfuse3 on macOS is next (io.spfsd.fuse.macos).
 */
public interface FuseMount extends AutoCloseable {
    /**
     * Mount options: fsName shows in the mount table; allowOther lets other users in;
     * splice lets the adapter move file data from descriptors without copying.
     */
    record Options(String fsName, boolean allowOther, boolean splice) {
    }

    /** Starts serving requests on up to maxThreads worker threads. */
    void start(int maxThreads);

    /** Blocks until the session ends (unmounted from outside, or {@link #close()}). */
    int awaitLoop() throws InterruptedException;

    /** Unmounts and frees the session. Safe to call twice. */
    @Override
    void close();

    static FuseMount mount(Path mountpoint, Filesystem fs, OpObserver observer, Options options) throws IOException {
        Platform p = Platform.current();
        if (p.isLinux()) {
            return io.spfsd.fuse.linux.FuseSession.mount(mountpoint, fs, observer, options);
        }
        throw new IOException("no FUSE adapter for " + p.id + " yet: spfsd serves on Linux (macOS is planned)");
    }
}
