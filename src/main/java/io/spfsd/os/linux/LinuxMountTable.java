package io.spfsd.os.linux;

import io.spfsd.os.MountTable;
import io.spfsd.os.Posix;
import io.spfsd.os.Users;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Mounts on Linux: /proc/self/mountinfo to see them; umount2(MNT_DETACH), else fusermount3 -uz, to remove them. */
final class LinuxMountTable implements MountTable {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxMountTable.class);

    @Override
    public boolean isMountPoint(Path path) throws IOException {
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

    @Override
    public String manualDetach(Path path) {
        return "fusermount3 -uz " + path;
    }

    /** Lazily: the mount goes from the namespace now, and is freed when nothing uses it any more. */
    @Override
    public boolean detach(Path mountpoint) {
        if (Users.isRoot()) {
            try (Arena a = Arena.ofConfined()) {
                if (LinuxCalls.umount2(a.allocateFrom(mountpoint.toString()), LinuxCalls.MNT_DETACH) == 0) {
                    return true;
                }
                LOG.debug("umount2 failed for {}: errno {}", mountpoint, Posix.errno());
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
