package io.spfsd.daemon;

import io.spfsd.control.Protocol;
import io.spfsd.node.Mount;
import io.spfsd.node.NodeTable;
import io.spfsd.node.RuntimeView;
import io.spfsd.node.RuntimeViews;
import io.spfsd.os.ProcessInfo;
import io.spfsd.os.ProcessTable;
import io.spfsd.os.RuntimeGroups;
import io.spfsd.router.RouteCache;
import io.spfsd.router.Router;
import io.spfsd.router.RuntimeExistsException;
import io.spfsd.storage.RepositoryException;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtimes' lives: registering one (or a process tree joining one), watching its roots
 * and its group, and ending it, with its routes, trees, scratch and group.
 */
final class RuntimeRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeRegistry.class);
    private final Router router;
    private final RouteCache routes;
    private final NodeTable nodes;
    private final RuntimeViews views;
    private final Authorization auth;
    private final Scratches scratches;
    private final RuntimeGroups groups;
    private final HeapTrim heapTrim = new HeapTrim();
    private final Watches watches = new Watches();
    private volatile LiveViews live = LiveViews.NONE;

    /** Who must know which views are live (the filesystem: whether runtimes agree at a place). */
    interface LiveViews {
        LiveViews NONE = new LiveViews() {
            @Override
            public void added(Mount m) {
            }

            @Override
            public void removed(Mount m) {
            }
        };

        /** Before any process is routed to m. */
        void added(Mount m);

        void removed(Mount m);
    }

    /** Tells l of every runtime from now on, and of those already registered (kept ones restored). */
    void tell(LiveViews l) {
        live = l;
        router.mounts().forEach(l::added);
    }

    RuntimeRegistry(Router router, RouteCache routes, NodeTable nodes, RuntimeViews views, Authorization auth,
                    Scratches scratches, RuntimeGroups groups) {
        this.router = router;
        this.routes = routes;
        this.nodes = nodes;
        this.views = views;
        this.auth = auth;
        this.scratches = scratches;
        this.groups = groups;
    }

    /** Exit watches by runtime: of each root, and of its group once the roots are gone. */
    private static final class Watches {
        private final Map<Mount, Set<ProcessTable.ExitWatch>> byMount = new ConcurrentHashMap<>();

        void add(Mount m, ProcessTable.ExitWatch w) {
            byMount.computeIfAbsent(m, k -> ConcurrentHashMap.newKeySet()).add(w);
            if (m.isClosed()) {
                closeAll(m); // it ended while the watch was being set up
            }
        }

        void closeAll(Mount m) {
            Set<ProcessTable.ExitWatch> ws = byMount.remove(m);
            if (ws != null) {
                ws.forEach(ProcessTable.ExitWatch::close);
            }
        }

        void closeEverything() {
            byMount.keySet().forEach(this::closeAll);
        }
    }

    /**
     * Registers a runtime: everything is validated first (PID, permission, refs), the route is
     * registered last and taken back if its exit watch cannot be set up, so a failed request
     * leaves nothing behind.
     */
    Protocol.Response mount(Protocol.Request req, UnixDomainPrincipal peer) {
        boolean noRefs = req.refs() == null || req.refs().isEmpty();
        if (req.pid() == null || (noRefs && req.name() == null)) {
            return Protocol.Response.failure("mount needs \"pid\" and \"refs\" (or the \"name\" of a runtime to join)");
        }
        Optional<String> refused = refusedPid(req.pid());
        if (refused.isPresent()) {
            return Protocol.Response.failure(refused.get());
        }
        // A thread id stands for its process: FUSE reports threads, runtimes belong to processes.
        int pid = router.processes().processOf(req.pid());
        Optional<ProcessInfo> process = router.processes().info(pid);
        if (process.isEmpty()) {
            return Protocol.Response.failure("no process with PID " + req.pid());
        }
        refused = refusedPid(pid).or(() -> router.processes().isKernelThread(process.get())
                ? Optional.of("refusing PID " + pid + ": a kernel thread, not a process tree") : Optional.empty())
                .or(() -> auth.check(peer, pid));
        if (refused.isPresent()) {
            return Protocol.Response.failure(refused.get());
        }
        Optional<Mount> existing = req.name() == null ? Optional.empty()
                : router.mounts().stream().filter(x -> x.name().equals(req.name())).findFirst();
        if (existing.isPresent()) {
            return noRefs ? join(existing.get(), process.get(), peer) : Protocol.Response.failure(
                    "a runtime named '" + req.name() + "' exists already (to join it, give no refs)");
        }
        if (noRefs) {
            return Protocol.Response.failure(router.noRuntimeNamed(req.name()) + ": nothing to join");
        }
        RuntimeView view;
        java.util.List<String> warnings = new java.util.ArrayList<>();
        try {
            view = views.resolve(req.refs(), req.remote(), warnings::add);
        } catch (RepositoryException e) {
            return Protocol.Response.failure(e.getMessage());
        }
        boolean editable = Boolean.TRUE.equals(req.editable());
        String name = req.name() != null ? req.name() : "rt-" + pid + "-" + Long.toHexString(System.nanoTime() & 0xffff);
        if (!Scratches.NAME.matcher(name).matches()) {
            return Protocol.Response.failure("invalid runtime name '" + name + "': letters, digits, '.', '_', '-'");
        }
        if (router.mounts().stream().anyMatch(x -> x.name().equals(name))) {
            return Protocol.Response.failure("a runtime named '" + name + "' exists already");
        }
        io.spfsd.node.Scratch scratch = null;
        if (editable) {
            try {
                scratch = scratches.create(name, io.spfsd.os.Os.current().processIds(pid));
            } catch (IOException e) {
                return Protocol.Response.failure(e.getMessage());
            }
        }
        boolean keep = Boolean.TRUE.equals(req.keep());
        String owner = peer == null ? null : peer.user().getName();
        Mount m = new Mount(name, pid, process.get().startTime(), view, Instant.now(), scratch, keep).ownedBy(owner)
                .fetchingFrom(req.remote());
        if (keep) {
            try {
                scratches.saveKept(new Scratches.Kept(name, req.refs(), editable, req.remote(), owner,
                        m.createdAt().toString()));
            } catch (IOException e) {
                scratches.removeDir(name);
                return Protocol.Response.failure("cannot keep runtime '" + name + "': "
                        + io.spfsd.storage.IoErrors.describe(e) + " (free space in " + scratches.dir()
                        + ", or run it without --keep-runtime)");
            }
        }
        nodes.trees().retain(view.merged()); // before the route: a lookup may come at once
        live.added(m);
        try {
            router.mount(m);
        } catch (RuntimeExistsException e) {
            live.removed(m);
            nodes.trees().release(view.merged());
            if (scratch != null) {
                scratches.remove(scratch);
            }
            return Protocol.Response.failure(e.getMessage());
        }
        if (groups.available()) {
            try {
                groups.create(m.name(), pid);
            } catch (IOException e) {
                LOG.warn("runtime {} has no group ({}): it ends with its root", m.name(), e.toString());
            }
        }
        ProcessTable.ExitWatch watch;
        try {
            watch = router.processes().watchExit(process.get(), () -> rootExited(m, pid));
        } catch (RuntimeException e) {
            remove(m);
            LOG.error("cannot watch PID {} for its exit; runtime not registered", pid, e);
            return Protocol.Response.failure("cannot watch PID " + pid + " for its exit; runtime not registered");
        }
        watches.add(m, watch);
        LOG.info("runtime for PID {}: {} ({} entries)", pid, String.join(" ", req.refs()), m.entries());
        warnings.forEach(w -> LOG.warn("runtime {}: {}", m.name(), w));
        Protocol.Response ok = new Protocol.Response(true, null, Daemon.info(m), null, null);
        return warnings.isEmpty() ? ok : ok.withWarning(String.join("; ", warnings));
    }

    /** Gives process's tree to runtime m as well: the same view, scratch and group. */
    private Protocol.Response join(Mount m, ProcessInfo process, UnixDomainPrincipal peer) {
        int pid = process.pid();
        Optional<String> denied = router.processes().info(m.rootPid()).isPresent()
                ? auth.check(peer, m.rootPid()) : auth.checkOwner(peer, m.owner(), m.name());
        if (denied.isPresent()) {
            return Protocol.Response.failure(denied.get());
        }
        try {
            router.addRoot(m, pid, process.startTime());
        } catch (RuntimeExistsException e) {
            return Protocol.Response.failure(e.getMessage());
        }
        if (groups.available()) {
            try {
                groups.create(m.name(), pid);
            } catch (IOException e) {
                LOG.warn("PID {} joins runtime {} without its group: {}", pid, m.name(), e.toString());
            }
        }
        try {
            watches.add(m, router.processes().watchExit(process, () -> rootExited(m, pid)));
        } catch (RuntimeException e) {
            router.removeRoot(m, pid);
            m.removeRoot(pid);
            return Protocol.Response.failure("cannot watch PID " + pid + " for its exit; not joined");
        }
        LOG.info("PID {} joined runtime {}", pid, m.name());
        return new Protocol.Response(true, null, Daemon.info(m), null, null);
    }

    /** PIDs that may never own a runtime: it would be every process's, or the daemon's own. */
    private static Optional<String> refusedPid(int pid) {
        if (pid <= 0) {
            return Optional.of("invalid PID " + pid);
        }
        if (pid == 1) {
            return Optional.of("refusing PID 1: every process on the machine would see the runtime");
        }
        if (pid == ProcessHandle.current().pid()) {
            return Optional.of("refusing PID " + pid + ": that is the daemon itself");
        }
        return Optional.empty();
    }

    /**
     * The root exited. The runtime ends now, unless processes that left the root's tree are
     * still in its group: then it ends when the last of them does.
     */
    private void rootExited(Mount m, int pid) {
        if (m.roots().size() > 1) {
            router.removeRoot(m, pid); // other roots remain
            m.removeRoot(pid);
            LOG.info("root PID {} of runtime {} exited; {} root(s) remain", pid, m.name(), m.roots().size());
            return;
        }
        if (groups.available() && groups.populated(m.name()) && !m.isClosed()) {
            LOG.info("root PID {} of runtime {} exited; the runtime lives on with its remaining processes",
                    m.rootPid(), m.name());
            watches.add(m, groups.watchEmpty(m.name(), () -> lastExited(m)));
            return;
        }
        lastExited(m);
    }

    private void lastExited(Mount m) {
        if (m.isKept()) {
            for (int root : m.roots()) { // none is running: status lists no roots, a join starts afresh
                router.removeRoot(m, root);
                m.removeRoot(root);
            }
            LOG.info("runtime {} has no process left; kept (spfsd join {} -- CMD, or spfsd runtime rm {})",
                    m.name(), m.name(), m.name());
            return;
        }
        if (remove(m)) {
            LOG.info("runtime {} (root PID {}) removed: its processes exited", m.name(), m.rootPid());
        }
    }

    /** Ends runtime m now (its roots' watches too); false if it had ended already. */
    boolean remove(Mount m) {
        if (!router.unmount(m)) {
            return false;
        }
        routes.invalidate(m);
        live.removed(m);
        nodes.trees().release(m.view().merged());
        if (m.isEditable() || m.isKept()) {
            scratches.removeDir(m.name());
        }
        if (groups.available()) {
            groups.remove(m.name());
        }
        watches.closeAll(m);
        heapTrim.runtimeEnded();
        return true;
    }

    /** Brings back the runtimes an earlier daemon kept: no process yet, joinable by name. */
    void restoreKept() {
        for (Scratches.Kept k : scratches.kept()) {
            try {
                RuntimeView view = views.resolve(k.refs(), k.remote());
                Mount m = new Mount(k.name(), 0, -1, view, k.created(), k.editable() ? scratches.reopen(k.name()) : null,
                        true).ownedBy(k.owner()).fetchingFrom(k.remote());
                nodes.trees().retain(view.merged());
                live.added(m);
                router.adopt(m);
                LOG.info("kept runtime {} restored ({})", k.name(), String.join(" ", k.refs()));
            } catch (RepositoryException e) {
                LOG.warn("kept runtime {} cannot be restored: {}", k.name(), e.getMessage());
            }
        }
    }

    void close() {
        watches.closeEverything();
        heapTrim.close();
    }
}
