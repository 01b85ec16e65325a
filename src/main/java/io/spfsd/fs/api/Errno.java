package io.spfsd.fs.api;

import io.spfsd.os.Platform;

/**
 * The errno values the filesystem answers with. Some differ between Linux and macOS
 * (values from docs and ../shared/platform/macos-facts.md 2.6); the platform is read once,
 * and the fields are final so the JIT folds them.
 */
public final class Errno {
    private static final boolean MAC = Platform.current().isMac();

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int ENXIO = 6;
    public static final int ENOMEM = 12;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int EACCES = 13;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int EROFS = 30;
    public static final int ENOSPC = 28;
    public static final int ERANGE = 34;
    public static final int ENOTEMPTY = MAC ? 66 : 39;
    public static final int ENAMETOOLONG = MAC ? 63 : 36;
    public static final int ENOSYS = MAC ? 78 : 38;
    public static final int ESTALE = MAC ? 70 : 116;
    /** "No such attribute": ENODATA on Linux, ENOATTR on macOS. */
    public static final int ENOATTR = MAC ? 93 : 61;
    public static final int ENOTSUP = MAC ? 45 : 95;

    private Errno() {
    }
}
