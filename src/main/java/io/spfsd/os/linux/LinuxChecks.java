package io.spfsd.os.linux;

import io.spfsd.os.PlatformCheck;
import io.spfsd.os.RuntimeGroups;
import io.spfsd.os.Users;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What `spfsd doctor` checks of Linux's FUSE plumbing: /dev/fuse, fusermount3, cgroup v2 and its moves. */
final class LinuxChecks {
    private LinuxChecks() {
    }

    static List<PlatformCheck> run(RuntimeGroups groups, String path) {
        java.util.ArrayList<PlatformCheck> checks = new java.util.ArrayList<>(List.of(devFuse(), fusermount(path),
                lifetime(groups)));
        if (available(groups)) {
            try {
                checks.add(cgroupMoves(Cgroup2Mount.find(Files.readAllLines(Path.of("/proc/self/mountinfo")))));
            } catch (java.io.IOException e) {
                // no mount table: nothing to say about it
            }
        }
        return checks;
    }

    /**
     * Moving a process into a cgroup (each `spfsd run`, for its runtime's group) makes the
     * kernel wait for an RCU grace period, 10-13 ms measured on 6.18, unless cgroup2 is mounted
     * with favordynmods; with it the move took 0.1 ms.
     */
    static PlatformCheck cgroupMoves(Cgroup2Mount mount) {
        if (mount == null) {
            return PlatformCheck.warn("cgroup moves", "no cgroup2 mount found in the mount table");
        }
        return mount.superOptions().contains("favordynmods")
                ? PlatformCheck.ok("cgroup moves", mount.mountpoint() + " has favordynmods: a run's move into"
                        + " its runtime's group is immediate")
                : PlatformCheck.warn("cgroup moves", "each run waits ~10 ms for the kernel to move it into its"
                        + " runtime's group; 'mount -o remount,favordynmods " + mount.mountpoint() + "' (Linux 6.0+)"
                        + " removes the wait, at some cost to fork and exit (docs/operations.md)");
    }

    private static boolean available(RuntimeGroups groups) {
        try {
            return groups.available();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static PlatformCheck devFuse() {
        Path dev = Path.of("/dev/fuse");
        if (!Files.exists(dev)) {
            return PlatformCheck.fail("/dev/fuse", "missing: load the fuse module (modprobe fuse), or in a container"
                    + " pass --device /dev/fuse");
        }
        if (!Files.isReadable(dev) || !Files.isWritable(dev)) {
            return PlatformCheck.fail("/dev/fuse", "not readable and writable by this user: as root, chmod 0666 /dev/fuse"
                    + " (Debian's fuse3 package sets it so; a container needs --device /dev/fuse), or use a daemon"
                    + " run by a user who can (spfsd serve as root)");
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
        return available(groups) ? PlatformCheck.ok("runtime lifetime", "cgroup v2: a runtime lives until its last process"
                + " exits, wherever it was reparented")
                : PlatformCheck.warn("runtime lifetime", "a runtime is its root's process tree: processes that detach"
                + " (setsid, double fork) lose it when the root exits (running the daemon as root with cgroup v2 lifts this)");
    }
}
