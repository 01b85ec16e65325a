package io.spfsd.os.linux;

import io.spfsd.os.PlatformCheck;
import io.spfsd.os.RuntimeGroups;
import io.spfsd.os.Users;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What `spfsd doctor` checks of Linux's FUSE plumbing: /dev/fuse, fusermount3, cgroup v2. */
final class LinuxChecks {
    private LinuxChecks() {
    }

    static List<PlatformCheck> run(RuntimeGroups groups, String path) {
        return List.of(devFuse(), fusermount(path), lifetime(groups));
    }

    static PlatformCheck devFuse() {
        Path dev = Path.of("/dev/fuse");
        if (!Files.exists(dev)) {
            return PlatformCheck.fail("/dev/fuse", "missing: load the fuse module (modprobe fuse), or in a container"
                    + " pass --device /dev/fuse");
        }
        if (!Files.isReadable(dev) || !Files.isWritable(dev)) {
            return PlatformCheck.fail("/dev/fuse", "not readable and writable by this user");
        }
        return PlatformCheck.ok("/dev/fuse", "readable and writable");
    }

    static PlatformCheck fusermount(String path) {
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "fusermount3");
            if (Files.isExecutable(p)) {
                return PlatformCheck.ok("fusermount3", p.toString());
            }
        }
        return Users.isRoot() ? PlatformCheck.warn("fusermount3", "not on PATH (root mounts without it; other users"
                + " need it: the fuse3 package)") : PlatformCheck.fail("fusermount3", "not on PATH: install the fuse3 package");
    }

    static PlatformCheck lifetime(RuntimeGroups groups) {
        boolean available;
        try {
            available = groups.available();
        } catch (RuntimeException e) {
            available = false;
        }
        return available ? PlatformCheck.ok("runtime lifetime", "cgroup v2: a runtime lives until its last process"
                + " exits, wherever it was reparented")
                : PlatformCheck.warn("runtime lifetime", "a runtime is its root's process tree: processes that detach"
                + " (setsid, double fork) lose it when the root exits (running the daemon as root with cgroup v2 lifts this)");
    }
}
