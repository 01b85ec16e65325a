package io.spfsd.os.linux;

import io.spfsd.os.Posix;
import io.spfsd.os.Users;
import io.spfsd.os.ProcessTable;
import io.spfsd.os.RuntimeGroups;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runtime groups as cgroup v2 child groups: {@code <parent>/spfsd-<daemon pid>/<runtime>}, the
 * parent being the service's own group when systemd delegated it (Delegate=yes), else the
 * hierarchy's root.
 * A process is moved in by writing its PID to cgroup.procs; descendants inherit the group
 * through any fork, setsid or reparenting; /proc/PID/cgroup names it ("0::/spfsd-N/NAME") in
 * one read; and cgroup.events says "populated 0" (with a POLLPRI) when the last member exits.
 * The unified hierarchy is found in mountinfo: /sys/fs/cgroup on pure v2 systems,
 * /sys/fs/cgroup/unified on hybrid ones. Needs root; otherwise unavailable.
 */
final class CgroupGroups implements RuntimeGroups {
    private static final Logger LOG = LoggerFactory.getLogger(CgroupGroups.class);
    private final FdWatcher watcher;
    private final Path base;
    private final String prefix;

    private CgroupGroups(FdWatcher watcher, Path cgroupRoot, Path base) {
        this.watcher = watcher;
        this.base = base;
        this.prefix = "0::/" + cgroupRoot.relativize(base) + "/";
    }

    /** The groups of this daemon, or NONE where cgroup v2 cannot be used. */
    static RuntimeGroups create(FdWatcher watcher) {
        if (!Users.isRoot()) {
            return RuntimeGroups.NONE;
        }
        try {
            Cgroup2Mount mount = Cgroup2Mount.find(Files.readAllLines(Path.of("/proc/self/mountinfo")));
            if (mount == null) {
                return RuntimeGroups.NONE;
            }
            Path own = ownGroup(mount.mountpoint(), Files.readAllLines(Path.of("/proc/self/cgroup")));
            Path parent = parentOfGroups(mount.mountpoint(), own, own != null && isDelegated(own));
            if (!parent.equals(mount.mountpoint())) {
                LOG.info("runtime groups below this service's delegated cgroup {}", parent);
            }
            return createAt(watcher, parent);
        } catch (IOException | RuntimeException e) {
            LOG.info("runtime groups are not available ({}): a runtime ends with its root process", e.toString());
            return RuntimeGroups.NONE;
        }
    }

    /** This process's cgroup v2 group under the hierarchy at root (its "0::" line), or null. */
    static Path ownGroup(Path root, List<String> procSelfCgroup) {
        for (String line : procSelfCgroup) {
            if (line.startsWith("0::/")) {
                String rel = line.substring("0::/".length());
                return rel.isEmpty() ? root : root.resolve(rel);
            }
        }
        return null;
    }

    /**
     * Where this daemon's groups go: below its own group when that was delegated to it (a
     * systemd unit with Delegate=yes: systemd owns the rest of the tree, and stopping the unit
     * then covers its runtimes' groups too), else at the hierarchy's root.
     */
    static Path parentOfGroups(Path root, Path own, boolean delegated) {
        return delegated && own != null && !own.equals(root) ? own : root;
    }

    /** systemd marks the groups it delegates with the trusted.delegate attribute (systemd 251 and later). */
    private static boolean isDelegated(Path group) {
        long n = io.spfsd.os.Os.current().getxattr(group, "trusted.delegate", new byte[8]);
        return n > 0;
    }

    /** This daemon's groups under the cgroup2 hierarchy at root, with what killed daemons left taken over. */
    static CgroupGroups createAt(FdWatcher watcher, Path root) throws IOException {
        Path base = root.resolve("spfsd-" + ProcessHandle.current().pid());
        Files.createDirectories(base);
        CgroupGroups mine = new CgroupGroups(watcher, root, base);
        removeDeadDaemonsGroups(root, mine);
        return mine;
    }

    /**
     * Groups of daemons that were killed. Processes of their runtimes that are still running
     * (their runtimes went with the daemon) move to this daemon's own group, which names no
     * runtime, so the dead daemon's groups can go now rather than leak.
     */
    private static void removeDeadDaemonsGroups(Path root, CgroupGroups mine) throws IOException {
        try (var s = Files.list(root)) {
            for (Path d : s.filter(p -> p.getFileName().toString().matches("spfsd-[0-9]+")).toList()) {
                long pid = Long.parseLong(d.getFileName().toString().substring("spfsd-".length()));
                if (!runs(pid)) {
                    CgroupGroups dead = new CgroupGroups(null, root, d);
                    try (var groups = Files.list(d)) {
                        for (Path g : groups.filter(Files::isDirectory).toList()) {
                            mine.moveProcessesToBase(g);
                        }
                    }
                    mine.moveProcessesToBase(d);
                    dead.close();
                }
            }
        }
    }

    /**
     * Whether process pid runs: a killed daemon stays a zombie until its parent reaps it, which
     * in a container without an init that reaps can be for ever; it holds no runtime any more.
     */
    static boolean runs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public void create(String runtime, int pid) throws IOException {
        Path g = base.resolve(runtime);
        Files.createDirectories(g);
        Files.writeString(g.resolve("cgroup.procs"), Integer.toString(pid));
    }

    @Override
    public String groupOf(int pid) {
        String c = ProcReader.get().read(pid, "cgroup") ? ProcReader.get().unifiedGroup() : null;
        return c != null && c.startsWith(prefix) ? c.substring(prefix.length()) : null;
    }

    @Override
    public boolean populated(String runtime) {
        try {
            return Files.readString(base.resolve(runtime).resolve("cgroup.events")).contains("populated 1");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public ProcessTable.ExitWatch watchEmpty(String runtime, Runnable onEmpty) {
        Path events = base.resolve(runtime).resolve("cgroup.events");
        int fd;
        try (Arena a = Arena.ofConfined()) {
            fd = Posix.open(a.allocateFrom(events.toString(), StandardCharsets.UTF_8), Posix.O_RDONLY | Posix.O_CLOEXEC);
        }
        if (fd < 0) {
            onEmpty.run();
            return () -> { };
        }
        return watcher.watchChanges(fd, () -> !populated(runtime), onEmpty);
    }

    /**
     * Removes runtime's group. A runtime ended on request can still have processes: they move
     * to the daemon's own group first, which names no runtime, so a later runtime of the same
     * name never claims them (cgroup v2 cannot rename a group). Retried: a process may fork
     * while its group empties.
     */
    @Override
    public void remove(String runtime) {
        Path g = base.resolve(runtime);
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                Files.deleteIfExists(g);
                return;
            } catch (IOException e) {
                last = e;
                moveProcessesToBase(g);
            }
        }
        LOG.warn("cannot remove the cgroup of runtime {}: {}", runtime, last.toString());
    }

    /** cgroup v2's freezer: cgroup.freeze, and "frozen 1" in cgroup.events once every process is (POLLPRI). */
    @Override
    public boolean pause(String runtime, boolean paused, java.time.Duration limit) throws IOException {
        Path g = base.resolve(runtime);
        Files.writeString(g.resolve("cgroup.freeze"), paused ? "1" : "0");
        if (!paused) {
            return true;
        }
        int fd;
        try (Arena a = Arena.ofConfined()) {
            fd = Posix.open(a.allocateFrom(g.resolve("cgroup.events").toString(), StandardCharsets.UTF_8),
                    Posix.O_RDONLY | Posix.O_CLOEXEC);
        }
        if (fd < 0) {
            Files.writeString(g.resolve("cgroup.freeze"), "0");
            return false;
        }
        java.util.concurrent.CountDownLatch frozen = new java.util.concurrent.CountDownLatch(1);
        ProcessTable.ExitWatch watch = watcher.watchChanges(fd, () -> isFrozen(g), frozen::countDown);
        try {
            if (frozen.await(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watch.close();
        }
        Files.writeString(g.resolve("cgroup.freeze"), "0");
        return false;
    }

    private static boolean isFrozen(Path group) {
        try {
            return Files.readString(group.resolve("cgroup.events")).contains("frozen 1");
        } catch (IOException e) {
            return false;
        }
    }

    private void moveProcessesToBase(Path group) {
        List<String> pids;
        try {
            pids = Files.readAllLines(group.resolve("cgroup.procs"));
        } catch (IOException e) {
            return;
        }
        for (String pid : pids) {
            try {
                Files.writeString(base.resolve("cgroup.procs"), pid);
            } catch (IOException e) {
                // exited meanwhile
            }
        }
    }

    @Override
    public void close() {
        try (var s = Files.list(base)) {
            for (Path g : s.filter(Files::isDirectory).toList()) {
                Files.deleteIfExists(g); // fails (and stays) while processes are still in it
            }
        } catch (IOException e) {
            // still in use
        }
        try {
            Files.deleteIfExists(base);
        } catch (IOException e) {
            LOG.info("{} stays: runtimes' processes are still in it", base);
        }
    }
}
