package io.spfsd.router;

import io.spfsd.node.Mount;
import io.spfsd.os.ProcessInfo;
import io.spfsd.os.ProcessTable;
import io.spfsd.os.RuntimeGroups;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routing decision: which runtime a request's caller sees. Runtimes are registered by
 * root PID; a caller sees the runtime of its nearest registered ancestor (itself included)
 * whose start time matches, else the default (empty) view. Lock-free reads on a
 * ConcurrentHashMap.
 */
public final class Router {
    private final ConcurrentHashMap<Integer, Mount> routes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Mount> byName = new ConcurrentHashMap<>();
    private volatile RuntimeGroups groups = RuntimeGroups.NONE;
    private final Mount defaultMount = Mount.defaultMount();
    private final ProcessTable processes;
    /** Bumped by every mount and unmount, so cached routing decisions know to re-check. */
    private volatile long generation;

    public Router(ProcessTable processes) {
        this.processes = processes;
    }

    /** Runtime groups to ask when a caller's ancestry reaches no runtime (it left its tree). */
    public void useGroups(RuntimeGroups g) {
        this.groups = g;
    }

    /** Remembers routing decisions along a walk (the ancestry cache); NONE remembers nothing. */
    public interface Memo {
        Memo NONE = new Memo() {
            @Override
            public Mount recall(int pid) {
                return null;
            }

            @Override
            public void remember(int pid, Mount mount) {
            }
        };

        /** A decision still valid for pid, or null. */
        Mount recall(int pid);

        void remember(int pid, Mount mount);
    }

    /** The mount the calling thread (or process) tid sees. */
    public Mount resolve(int tid) {
        return resolve(tid, Memo.NONE);
    }

    /**
     * Walks up from tid one process at a time (one /proc read per step) and stops at the
     * first registered root whose start time matches, or at an ancestor whose decision the
     * memo still holds. Every process passed on the way gets the same decision, so the next
     * new child of an already-seen parent costs a single read.
     */
    public Mount resolve(int tid, Memo memo) {
        if (routes.isEmpty()) {
            return defaultMount;
        }
        int[] passed = new int[8];
        int n = 0;
        Mount found = defaultMount;
        int current = tid;
        for (int depth = 0; depth < ProcessTable.MAX_DEPTH; depth++) {
            // Above the caller every step is a process (a parent), so the memo can answer before /proc.
            Mount known = depth == 0 ? null : memo.recall(current);
            if (known != null) {
                found = known;
                break;
            }
            Optional<ProcessTable.Link> link = processes.link(current);
            if (link.isEmpty()) {
                break;
            }
            int process = link.get().process();
            if (n == passed.length) {
                passed = java.util.Arrays.copyOf(passed, n * 2);
            }
            passed[n++] = process;
            Mount m = routes.get(process);
            if (m != null && processes.info(process).map(ProcessInfo::startTime).orElse(-2L) == m.startTimeOf(process)) {
                found = m;
                break;
            }
            int parent = link.get().parent();
            if (parent <= 0 || parent == process || process == 1) {
                break;
            }
            current = parent;
        }
        if (found == defaultMount && n > 0 && groups.available()) {
            // Its ancestry reaches no runtime, but it may have left one (double fork, setsid):
            // its group says so. Only this process is remembered: its ancestors are not in it.
            String g = groups.groupOf(passed[0]);
            Mount m = g == null ? null : byName.get(g);
            if (m != null && !m.isClosed()) {
                memo.remember(passed[0], m);
                return m;
            }
        }
        for (int i = 0; i < n; i++) {
            memo.remember(passed[i], found);
        }
        return found;
    }

    /**
     * Registers a runtime for its root PID. A registration left by an earlier process with
     * the same PID (different start time) is replaced; a live one is an error.
     */
    public void mount(Mount mount) throws RuntimeExistsException {
        while (true) {
            Mount previous = routes.putIfAbsent(mount.rootPid(), mount);
            if (previous == null) {
                byName.put(mount.name(), mount);
                bump();
                return;
            }
            if (previous.rootStartTime() == mount.rootStartTime()) {
                throw new RuntimeExistsException(mount.rootPid(), previous.name());
            }
            // The PID was recycled: its old root is dead. Only the route moves; the old runtime
            // may live on through its other roots or its group, and ends as they do.
            if (routes.replace(mount.rootPid(), previous, mount)) {
                byName.put(mount.name(), mount);
                bump();
                return;
            }
        }
    }

    /** What to say of a runtime name no runtime has: that, and the names near it. */
    public String noRuntimeNamed(String name) {
        return "no runtime named '" + name + "'" + io.spfsd.storage.Nearest.didYouMean(name,
                mounts().stream().map(Mount::name).toList());
    }

    /** The runtime registered for rootPid, if any. */
    public Optional<Mount> mountOf(int rootPid) {
        return Optional.ofNullable(routes.get(rootPid));
    }

    /** Gives the process tree of pid to an existing runtime as well (spfsd join). */
    public void addRoot(Mount mount, int pid, long startTime) throws RuntimeExistsException {
        Mount previous = routes.get(pid);
        if (previous != null && previous.startTimeOf(pid) == startTime) {
            throw new RuntimeExistsException(pid, previous.name());
        }
        mount.addRoot(pid, startTime); // before the route, so a request routed through it is valid
        routes.put(pid, mount); // replacing, at most, a recycled PID's old registration
        bump();
    }

    /** A runtime with no process yet (a kept one, restored at start): found by name, joined later. */
    public void adopt(Mount mount) {
        byName.put(mount.name(), mount);
        bump();
    }

    /** One root of mount exited: its PID no longer leads there. */
    public void removeRoot(Mount mount, int pid) {
        if (routes.remove(pid, mount)) {
            bump();
        }
    }

    /** Removes the runtime of rootPid; empty if there was none. */
    public Optional<Mount> unmount(int rootPid) {
        Mount m = routes.get(rootPid);
        return m != null && unmount(m) ? Optional.of(m) : Optional.empty();
    }

    /** Removes exactly this mount, under every root PID it has (not a newer one for a reused PID). */
    public boolean unmount(Mount mount) {
        boolean had = byName.remove(mount.name(), mount);
        for (int pid : mount.roots()) {
            had |= routes.remove(pid, mount);
        }
        if (had) {
            byName.remove(mount.name(), mount);
            bump();
            mount.close();
            return true;
        }
        return false;
    }

    private synchronized void bump() {
        generation++;
    }

    /** Changes whenever the set of routes changes. */
    public long generation() {
        return generation;
    }

    public int mountCount() {
        return byName.size();
    }

    /** Every runtime once, however many roots it has. */
    public Collection<Mount> mounts() {
        return List.copyOf(byName.values());
    }

    public Mount defaultMount() {
        return defaultMount;
    }

    public ProcessTable processes() {
        return processes;
    }
}
