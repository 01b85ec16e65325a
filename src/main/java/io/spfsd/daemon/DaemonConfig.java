package io.spfsd.daemon;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the daemon serves from and to, and how.
 *
 * @param ancestryTtl how long a routing decision is cached per caller; null turns the cache off
 */
public record DaemonConfig(Path mountpoint, Path repository, Path socket, int threads, boolean allowOther,
                           Duration ancestryTtl) {
}
