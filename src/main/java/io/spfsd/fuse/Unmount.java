package io.spfsd.fuse;

import io.spfsd.platform.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detaches a FUSE mount, which makes the kernel end the connection so libfuse's blocked
 * reads return and its loop exits. As root: umount2(MNT_DETACH); otherwise fusermount3 -u -z.
 */
public final class Unmount {
    private static final Logger LOG = LoggerFactory.getLogger(Unmount.class);
    private static final int MNT_DETACH = 2;

    private Unmount() {
    }

    /** Returns true when the mount is gone (or was not there). */
    public static boolean detach(Path mountpoint) {
        if ("root".equals(System.getProperty("user.name"))) {
            try (Arena a = Arena.ofConfined()) {
                if (Libc.umount2(a.allocateFrom(mountpoint.toString()), MNT_DETACH) == 0) {
                    return true;
                }
                LOG.debug("umount2 failed for {}: errno {}", mountpoint, Libc.errno());
            }
        }
        return run("fusermount3", "-u", "-z", mountpoint.toString()) || run("umount", "-l", mountpoint.toString());
    }

    private static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
