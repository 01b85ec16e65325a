package io.spfsd.fuse;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
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
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle UMOUNT2 = LINKER.defaultLookup().find("umount2")
            .map(a -> LINKER.downcallHandle(a, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT)))
            .orElse(null);

    private Unmount() {
    }

    /** Returns true when the mount is gone (or was not there). */
    public static boolean detach(Path mountpoint) {
        if (UMOUNT2 != null && "root".equals(System.getProperty("user.name"))) {
            try (Arena a = Arena.ofConfined()) {
                if ((int) UMOUNT2.invokeExact(a.allocateFrom(mountpoint.toString()), MNT_DETACH) == 0) {
                    return true;
                }
            } catch (Throwable t) {
                LOG.debug("umount2 failed for {}", mountpoint, t);
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
