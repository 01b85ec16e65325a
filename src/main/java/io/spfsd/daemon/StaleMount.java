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
     *
     * <p>Dead or alive is decided by a request that must reach the filesystem's server:
     * listing the root. A stat is not enough: the kernel may still hold the root's
     * attributes from before the daemon died and answer without asking anyone. A server
     * that does not answer within a few seconds counts as alive (stopped, not dead).
     */
    static void clear(Path path) throws IOException {
        if (!isMountPoint(path)) {
            return;
        }
        if (!isDead(path)) {
            throw new IOException(path + " is already a mount point in use (another daemon?); stop it or choose"
                    + " another --mountpoint");
        }
        LOG.warn("{} is a stale mount left by a daemon that died; unmounting it", path);
        if (!Unmount.detach(path) || isMountPoint(path)) {
            throw new IOException("cannot clear the stale mount at " + path + "; unmount it by hand"
                    + " (fusermount3 -uz " + path + ")");
        }
    }

    /** True if the filesystem at path answers "not connected": its server is gone. */
    static boolean isDead(Path path) {
        var probe = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (var s = Files.newDirectoryStream(path)) {
                s.iterator().hasNext();
                return false;
            } catch (FileSystemException e) {
                return e.getReason() != null && e.getReason().contains("not connected");
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }, r -> Thread.ofPlatform().daemon(true).name("stale-mount-probe").start(r));
        try {
            return probe.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
