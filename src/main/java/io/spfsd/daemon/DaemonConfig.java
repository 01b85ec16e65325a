package io.spfsd.daemon;

import java.nio.file.Path;

/** Where the daemon serves from and to. */
public record DaemonConfig(Path mountpoint, Path repository, Path socket, int threads, boolean allowOther) {
}
