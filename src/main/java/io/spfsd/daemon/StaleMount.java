package io.spfsd.daemon;

import io.spfsd.os.MountTable;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon killed with SIGKILL leaves its mount behind, answering ENOTCONN ("Transport
 * endpoint is not connected") to everything. Found at start and detached.
 */
final class StaleMount {
    private static final Logger LOG = LoggerFactory.getLogger(StaleMount.class);

    private StaleMount() {
    }

    /**
     * Clears a dead mount at path. Throws if a live filesystem is mounted there, since that
     * belongs to someone else (or to a daemon that is still running). Dead or alive is
     * decided by {@link MountTable#isDead}: a request that must reach the server.
     */
    static void clear(MountTable mounts, Path path) throws IOException {
        if (!mounts.isMountPoint(path)) {
            return;
        }
        if (!mounts.isDead(path)) {
            throw new IOException(path + " is already a mount point in use (another daemon?); stop it or choose"
                    + " another --mountpoint");
        }
        LOG.warn("{} is a stale mount left by a daemon that died; unmounting it", path);
        if (!mounts.detach(path) || mounts.isMountPoint(path)) {
            throw new IOException("cannot clear the stale mount at " + path + "; unmount it by hand ("
                    + mounts.manualDetach(path) + ")");
        }
    }
}
