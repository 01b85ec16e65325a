package io.spfsd.fuse;

import io.spfsd.fs.api.Filesystem;
import io.spfsd.os.Platform;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A mounted FUSE session serving a {@link Filesystem}, whichever FUSE flavour the platform
 * has. {@link #mount} picks the adapter ({@link #adapterFor}): the libfuse3 one
 * (io.spfsd.fuse.linux) on Linux, and on macOS too, where macFUSE ships a libfuse3 whose
 * vanilla signatures spfsd asks for when it creates the session (docs/platforms.md).
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
        return adapterFor(Platform.current()).mount(mountpoint, fs, observer, options);
    }

    /** How a platform's FUSE is mounted. */
    enum Adapter {
        /** libfuse3's low-level API: Linux's, and macFUSE's (io.spfsd.fuse.linux). */
        LIBFUSE3 {
            @Override
            FuseMount mount(Path mountpoint, Filesystem fs, OpObserver observer, Options options) throws IOException {
                return io.spfsd.fuse.linux.FuseSession.mount(mountpoint, fs, observer, options);
            }
        },
        /** None: a system spfsd does not serve on. */
        NONE {
            @Override
            FuseMount mount(Path mountpoint, Filesystem fs, OpObserver observer, Options options) throws IOException {
                throw new IOException("spfsd cannot serve on this system: it runs on Linux (x86_64, aarch64) and on"
                        + " macOS with macFUSE (arm64, x86_64)");
            }
        };

        abstract FuseMount mount(Path mountpoint, Filesystem fs, OpObserver observer, Options options)
                throws IOException;
    }

    /** The adapter of a platform: libfuse3 on Linux and macOS. */
    static Adapter adapterFor(Platform p) {
        return p.isLinux() || p.isMac() ? Adapter.LIBFUSE3 : Adapter.NONE;
    }
}
