package io.spfsd.router;

import io.spfsd.mount.Mount;
import io.spfsd.process.Ancestry;
import io.spfsd.process.ProcessTable;
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
    private final Mount defaultMount = Mount.defaultMount();
    private final ProcessTable processes;
    /** Bumped by every mount and unmount, so cached routing decisions know to re-check. */
    private volatile long generation;

    public Router(ProcessTable processes) {
        this.processes = processes;
    }

    /** The mount the process pid sees. */
    public Mount resolve(int pid) {
        if (routes.isEmpty()) {
            return defaultMount;
        }
        return resolve(processes.ancestry(pid));
    }

    /** The mount for an already known ancestry (nearest first). */
    public Mount resolve(Ancestry ancestry) {
        for (int i = 0; i < ancestry.size(); i++) {
            Mount m = routes.get(ancestry.pid(i));
            if (m != null && m.rootStartTime() == ancestry.startTime(i)) {
                return m;
            }
        }
        return defaultMount;
    }

    /**
     * Registers a runtime for its root PID. A registration left by an earlier process with
     * the same PID (different start time) is replaced; a live one is an error.
     */
    public void mount(Mount mount) throws RuntimeExistsException {
        while (true) {
            Mount previous = routes.putIfAbsent(mount.rootPid(), mount);
            if (previous == null) {
                bump();
                return;
            }
            if (previous.rootStartTime() == mount.rootStartTime()) {
                throw new RuntimeExistsException(mount.rootPid());
            }
            if (routes.remove(mount.rootPid(), previous)) {
                bump();
                previous.close();
            }
        }
    }

    /** Removes the runtime of rootPid; empty if there was none. */
    public Optional<Mount> unmount(int rootPid) {
        Mount m = routes.remove(rootPid);
        if (m != null) {
            bump();
            m.close();
        }
        return Optional.ofNullable(m);
    }

    /** Removes exactly this mount (not a newer one for a reused PID). */
    public boolean unmount(Mount mount) {
        if (routes.remove(mount.rootPid(), mount)) {
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
        return routes.size();
    }

    public Collection<Mount> mounts() {
        return List.copyOf(routes.values());
    }

    public Mount defaultMount() {
        return defaultMount;
    }

    public ProcessTable processes() {
        return processes;
    }
}
