package io.spfsd.daemon;

import io.spfsd.fuse.Unmount;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
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

    /** True if something is mounted at path (per /proc/self/mountinfo). */
    static boolean isMountPoint(Path path) throws IOException {
        Path mountinfo = Path.of("/proc/self/mountinfo");
        if (!Files.exists(mountinfo)) {
            return false;
        }
        String target = escape(path.toAbsolutePath().normalize().toString());
        for (String line : Files.readAllLines(mountinfo)) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].equals(target)) {
                return true;
            }
        }
        return false;
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String escape(String p) {
        return p.replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011").replace("\n", "\\012");
    }

    /**
     * Clears a dead mount at path. Throws if a live filesystem is mounted there, since
     * that belongs to someone else (or to a daemon that is still running).
     */
    static void clear(Path path) throws IOException {
        if (!isMountPoint(path)) {
            return;
        }
        try {
            Files.readAttributes(path, "basic:isDirectory");
        } catch (FileSystemException e) {
            if (e.getReason() != null && e.getReason().contains("not connected")) {
                LOG.warn("{} is a stale mount left by a daemon that died; unmounting it", path);
                if (!Unmount.detach(path) || isMountPoint(path)) {
                    throw new IOException("cannot clear the stale mount at " + path + "; unmount it by hand", e);
                }
                return;
            }
            throw e;
        }
        throw new IOException(path + " is already a mount point in use (another daemon?); stop it or choose"
                + " another --mountpoint");
    }
}
