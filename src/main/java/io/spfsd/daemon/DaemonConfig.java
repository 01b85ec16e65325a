package io.spfsd.daemon;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the daemon serves from and to, and how.
 *
 * @param ancestryTtl how long a routing decision is cached per caller; null turns the cache off
 * @param splice      let libfuse splice file data into /dev/fuse (else it preads)
 * @param xattrs      keep extended attributes in scratches (the kernel then asks before every write)
 * @param allUsers    every user of the machine may connect to the socket (the machine's daemon);
 *                    what each may do, their credentials decide (Authorization)
 */
public record DaemonConfig(Path mountpoint, Path repository, Path socket, int threads, boolean allowOther,
                           Duration ancestryTtl, boolean splice, String remote, long cacheBytes,
                           Duration fetchTimeout, boolean xattrs, boolean allUsers) {
    public DaemonConfig(Path mountpoint, Path repository, Path socket, int threads, boolean allowOther,
                        Duration ancestryTtl, boolean splice, String remote, long cacheBytes, Duration fetchTimeout) {
        this(mountpoint, repository, socket, threads, allowOther, ancestryTtl, splice, remote, cacheBytes, fetchTimeout,
                false, false);
    }

    /** The same, with extended attributes kept in scratches or not. */
    public DaemonConfig withXattrs(boolean on) {
        return new DaemonConfig(mountpoint, repository, socket, threads, allowOther, ancestryTtl, splice, remote,
                cacheBytes, fetchTimeout, on, allUsers);
    }

    /** The same, with the socket open to every user of the machine or only to the daemon's own. */
    public DaemonConfig withAllUsers(boolean on) {
        return new DaemonConfig(mountpoint, repository, socket, threads, allowOther, ancestryTtl, splice, remote,
                cacheBytes, fetchTimeout, xattrs, on);
    }

    /** Without a remote: runtimes come from the local repository only. */
    public DaemonConfig(Path mountpoint, Path repository, Path socket, int threads, boolean allowOther,
                        Duration ancestryTtl, boolean splice) {
        this(mountpoint, repository, socket, threads, allowOther, ancestryTtl, splice, null, 0, DEFAULT_FETCH_TIMEOUT);
    }

    /** With a remote (null: none) and no limit on what is cached from it. */
    public DaemonConfig(Path mountpoint, Path repository, Path socket, int threads, boolean allowOther,
                        Duration ancestryTtl, boolean splice, String remote) {
        this(mountpoint, repository, socket, threads, allowOther, ancestryTtl, splice, remote, 0, DEFAULT_FETCH_TIMEOUT);
    }

    /** How long a lazy runtime's download may make no progress before its open fails (EIO). */
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(5);
}
