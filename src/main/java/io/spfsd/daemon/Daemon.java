package io.spfsd.daemon;

import io.spfsd.config.Version;
import io.spfsd.control.ControlServer;
import io.spfsd.control.ProgressSink;
import io.spfsd.control.Protocol;
import io.spfsd.fs.SpfsFilesystem;
import io.spfsd.fuse.FuseMount;
import io.spfsd.fuse.Op;
import io.spfsd.metrics.DaemonMetrics;
import io.spfsd.node.Handles;
import io.spfsd.node.Mount;
import io.spfsd.node.NodeTable;
import io.spfsd.node.RuntimeView;
import io.spfsd.node.RuntimeViews;
import io.spfsd.storage.remote.LazyRemotes;
import io.spfsd.os.Posix;
import io.spfsd.os.ProcessInfo;
import io.spfsd.os.ProcessTable;
import io.spfsd.os.RuntimeGroups;
import io.spfsd.os.Os;
import io.spfsd.router.RouteCache;
import io.spfsd.router.Router;
import io.spfsd.router.RuntimeExistsException;
import io.spfsd.storage.Digest;
import io.spfsd.storage.Repository;
import io.spfsd.storage.RepositoryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon: one FUSE mount, one router, one control socket. Registers a runtime per root
 * PID on request and removes it when that process exits.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final DaemonConfig config;
    private final Repository repo;
    private final Router router;
    private final DaemonMetrics metrics = new DaemonMetrics(Op.metricNames());
    private final RouteCache routes;
    private final NodeTable nodes = new NodeTable();
    private final Handles handles = new Handles();
    /** Where refs the repository lacks come from: the daemon's own remote (serve --remote), and any a mount names. */
    private final LazyRemotes remotes;
    private final RuntimeViews views;
    private final Os os;
    private final Authorization auth;
    private final Instant started = Instant.now();
    private final Scratches scratches;
    private RuntimeGroups groups = RuntimeGroups.NONE;
    private RuntimeRegistry runtimes;
    private SpfsFilesystem filesystem;
    private FuseMount session;
    private long warmUpRounds;
    /** Counted down by the first request: the idle warm-up gives way to it. */
    private final java.util.concurrent.CountDownLatch firstClient = new java.util.concurrent.CountDownLatch(1);
    private IdleWarmUp idleWarmUp;
    private ControlServer control;
    private List<InstanceLock> locks = List.of();

    private Daemon(DaemonConfig config, Os os, ProcessTable processes) {
        this.config = config;
        this.os = os;
        this.auth = new Authorization(os);
        this.scratches = new Scratches(config.socket().toAbsolutePath().getParent());
        this.repo = Repository.open(config.repository());
        this.router = new Router(processes);
        this.routes = new RouteCache(router, metrics, config.ancestryTtl());
        this.remotes = new LazyRemotes(repo, config.remote(), config.fetchTimeout(), config.cacheBytes(),
                handles::holdsPayload, () -> router.mounts().stream().map(io.spfsd.node.Mount::remote).toList());
        this.views = new RuntimeViews(repo, remotes::resolve);
    }

    /** Mounts and starts serving; the returned daemon runs until closed. */
    public static Daemon start(DaemonConfig config) throws IOException {
        return start(config, Os.current().processes());
    }

    /** With a given process table (tests use one that can be made to fail). */
    static Daemon start(DaemonConfig config, ProcessTable processes) throws IOException {
        Path mp = config.mountpoint().toAbsolutePath().normalize();
        for (Path inside : java.util.List.of(config.repository(), config.socket())) {
            if (inside.toAbsolutePath().normalize().startsWith(mp)) {
                // The daemon would wait on itself: reads of its own mount are served by its own threads.
                throw new IOException(inside + " is under the mount point " + mp + "; put it elsewhere");
            }
        }
        Path socketDir = config.socket().toAbsolutePath().getParent();
        if (socketDir.equals(io.spfsd.config.Locations.system().stateDir()) && !config.allUsers()) {
            io.spfsd.config.PrivateDirectories.createOrTighten(socketDir);
        }
        List<InstanceLock> locks = InstanceLocks.acquire(mp, config.socket());
        try {
            return startLocked(config, processes, mp, locks);
        } catch (IOException | RuntimeException e) {
            locks.forEach(InstanceLock::close);
            throw e;
        }
    }

    private static Daemon startLocked(DaemonConfig config, ProcessTable processes, Path mp, List<InstanceLock> locks)
            throws IOException {
        if (new io.spfsd.control.ControlClient(config.socket()).isRunning()) {
            throw new IOException("a daemon is already listening on " + config.socket());
        }
        // Every open file and control connection is a descriptor; the soft limit (often 1024) is
        // an accident of the login, the hard limit is what the administrator allows.
        long nofile = Posix.raiseSoftLimit(Posix.RLIMIT_NOFILE);
        LOG.debug("open file limit: {}", nofile);
        Daemon d = new Daemon(config, Os.current(), processes);
        d.groups = processes == Os.current().processes() ? Os.current().runtimeGroups() : RuntimeGroups.NONE;
        d.router.useGroups(d.groups);
        d.runtimes = new RuntimeRegistry(d.router, d.routes, d.nodes, d.views, d.auth, d.scratches, d.groups);
        d.runtimes.restoreKept();
        LOG.info("runtime lifetime: {}", d.groups.available()
                ? "until the last process of the runtime exits (cgroup v2)" : "until the runtime's root exits");
        d.locks = locks;
        for (Path left : d.scratches.leftovers()) {
            LOG.warn("the scratch of runtime '{}' was left by a daemon that died: {} (kept; copy out what you need,"
                    + " then remove it)", left.getFileName(), left);
        }
        StaleMount.clear(d.os.mounts(), mp); // first: a stale mount point cannot even be stat'ed
        Files.createDirectories(mp);
        SpfsFilesystem fs = new SpfsFilesystem(d.routes, d.nodes, d.handles, d.repo, Posix.getuid(), Posix.getgid())
                .lookUpNamesInNfcToo(io.spfsd.os.Platform.current().isMac())
                .refuseCallsWithoutPid(io.spfsd.os.Platform.current().isMac())
                .keepXattrs(config.xattrs())
                .rootWritableByAll(config.allUsers());
        d.filesystem = fs;
        d.runtimes.tell(new RuntimeRegistry.LiveViews() {
            @Override
            public void added(io.spfsd.node.Mount m) {
                fs.viewAdded(m);
            }

            @Override
            public void removed(io.spfsd.node.Mount m) {
                fs.viewRemoved(m);
            }
        });
        d.session = FuseMount.mount(mp, fs, d.metrics::op,
                new FuseMount.Options("spfsd", config.allowOther(), config.splice()));
        d.session.start(config.threads());
        d.warmUpRounds = WarmUp.run(mp, d.repo, d.metrics);
        try {
            d.control = ControlServer.start(config.socket(), d::handle, config.allUsers());
        } catch (IOException e) {
            d.session.close();
            throw new IOException("cannot listen on " + config.socket() + ": " + e.getMessage(), e);
        }
        LOG.info("serving {} at {} (control socket {})", d.repo.root(), mp, config.socket());
        d.idleWarmUp = IdleWarmUp.start(d.firstClient);
        return d;
    }

    /** Rounds of requests the warm-up made before clients could come (WarmUp.ROUNDS unless it stopped early). */
    public long warmUpRounds() {
        return warmUpRounds;
    }

    /** The warm-up that runs while no client has come. */
    IdleWarmUp idleWarmUp() {
        return idleWarmUp;
    }

    public Router router() {
        return router;
    }

    public RouteCache routes() {
        return routes;
    }

    public NodeTable nodes() {
        return nodes;
    }

    /** Blocks until the FUSE loop ends (unmounted, or {@link #close()}). */
    public void awaitTermination() throws InterruptedException {
        session.awaitLoop();
    }

    Protocol.Response handle(Protocol.Request req, UnixDomainPrincipal peer, ProgressSink progress) {
        firstClient.countDown();
        return switch (req.op()) {
            case "ping" -> new Protocol.Response(true, null, null, null, null);
            case "status" -> req.name() != null ? statusOf(req.name(), peer) : status(req.pid(), peer);
            case "metrics" -> Protocol.Response.metrics(metrics.prometheusText());
            case "clean-cache" -> cleanCache();
            case "mount" -> auth.checkRemote(peer, req.remote(), remotes.own()).map(Protocol.Response::failure)
                    .orElseGet(() -> runtimes.mount(req, peer));
            case "unmount" -> unmount(req, peer);
            case "commit" -> runtimeRequests().commit(req, peer, progress);
            case "diff" -> runtimeRequests().diff(req, peer, progress);
            case "reset" -> runtimeRequests().reset(req, peer);
            case "edit" -> runtimeRequests().edit(req, peer, scratches);
            default -> Protocol.Response.failure("unknown op \"" + req.op()
                    + "\" (mount, unmount, edit, commit, diff, reset, status, metrics, clean-cache, ping)");
        };
    }

    /** Evicts every payload fetched from a remote that no runtime holds open. */
    private Protocol.Response cleanCache() {
        var freed = remotes.evictAll();
        return Protocol.Response.freed(freed.payloads(), freed.bytes());
    }

    private Protocol.Response unmount(Protocol.Request req, UnixDomainPrincipal peer) {
        if (req.pid() == null && req.name() != null) {
            return unmountByName(req.name(), peer);
        }
        if (req.pid() == null) {
            return Protocol.Response.failure("unmount needs \"pid\" or \"name\"");
        }
        if (req.pid() <= 0) {
            return Protocol.Response.failure("invalid PID " + req.pid());
        }
        Optional<String> denied = router.processes().info(req.pid()).isPresent()
                ? auth.check(peer, req.pid()) : auth.requireRoot(peer, req.pid());
        if (denied.isPresent()) {
            return Protocol.Response.failure(denied.get());
        }
        Optional<Mount> removed = router.mountOf(req.pid()).filter(runtimes::remove);
        removed.ifPresent(m -> LOG.info("runtime for PID {} unmounted on request", m.rootPid()));
        return new Protocol.Response(true, null, null, removed.isPresent(), null);
    }

    /** Ends the runtime called name now, whatever processes it still has (spfsd runtime rm). */
    private Protocol.Response unmountByName(String name, UnixDomainPrincipal peer) {
        Optional<Mount> m = router.mounts().stream().filter(x -> x.name().equals(name)).findFirst();
        if (m.isEmpty()) {
            return Protocol.Response.failure(router.noRuntimeNamed(name));
        }
        Optional<String> denied = router.processes().info(m.get().rootPid()).isPresent()
                ? auth.check(peer, m.get().rootPid()) : auth.checkOwner(peer, m.get().owner(), name);
        if (denied.isPresent()) {
            return Protocol.Response.failure(denied.get());
        }
        boolean removed = runtimes.remove(m.get());
        if (removed) {
            LOG.info("runtime {} removed on request", name);
        }
        return new Protocol.Response(true, null, null, removed, null);
    }

    /** The status with only the runtime called name in mounts. */
    private Protocol.Response statusOf(String name, UnixDomainPrincipal peer) {
        List<Mount> m = router.mounts().stream().filter(x -> x.name().equals(name)).toList();
        if (m.isEmpty()) {
            return Protocol.Response.failure(router.noRuntimeNamed(name));
        }
        return new Protocol.Response(true, null, null, null, status(m, peer));
    }

    /** The whole status, or with pid only the runtime that process sees (none: the empty view). */
    private Protocol.Response status(Integer pid, UnixDomainPrincipal peer) {
        if (pid == null) {
            return new Protocol.Response(true, null, null, null, status(router.mounts(), peer));
        }
        if (pid <= 0 || router.processes().info(router.processes().processOf(pid)).isEmpty()) {
            return Protocol.Response.failure("no process with PID " + pid);
        }
        Mount seen = router.resolve(pid);
        return new Protocol.Response(true, null, null, null,
                status(seen == router.defaultMount() ? List.of() : List.of(seen), peer));
    }

    Protocol.Status status() {
        return status(router.mounts(), null);
    }

    /** The status as peer may see it: another user's runtime without its scratch (null peer: all of it). */
    private Protocol.Status status(java.util.Collection<Mount> shown, UnixDomainPrincipal peer) {
        List<Protocol.MountInfo> mounts = shown.stream().sorted(Comparator.comparingInt(Mount::rootPid))
                .map(m -> info(m, peer == null || auth.checkOwner(peer, m.owner(), m.name()).isEmpty()))
                .toList();
        return new Protocol.Status(Version.get(), Duration.between(started, Instant.now()).toSeconds(),
                (int) ProcessHandle.current().pid(), config.mountpoint().toString(), repo.root().toString(),
                router.mountCount(), mounts, nodes.size(), handles.size(),
                metrics.snapshot(router.mountCount(), handles.size()), config.remote(), remotes.urls());
    }

    private RuntimeRequests runtimeRequests() {
        return new RuntimeRequests(router, auth, handles, repo, nodes, filesystem, groups);
    }

    static Protocol.MountInfo info(Mount m) {
        return info(m, true);
    }

    /** m as status reports it; without scratch (another user's runtime) not where its scratch is or how much it holds. */
    private static Protocol.MountInfo info(Mount m, boolean scratch) {
        boolean shown = scratch && m.isEditable();
        return new Protocol.MountInfo(m.name(), m.rootPid(), m.roots(), m.view().refs(),
                m.view().layers().stream().map(Digest::toString).toList(), m.createdAt().toString(),
                m.entries(), m.openHandles(), m.isEditable(), shown ? m.scratch().dir().toString() : null,
                shown ? Scratches.bytes(m.scratch()) : null, m.isKept());
    }

    /** Stops serving: closes the socket, unmounts, frees the session. */
    @Override
    public void close() {
        if (control != null) {
            control.close();
        }
        if (runtimes != null) {
            runtimes.close();
        }
        groups.close();
        if (session != null) {
            session.close();
        }
        LOG.info("unmounted {}", config.mountpoint());
        locks.forEach(InstanceLock::close); // last: the mount point is free only now
    }
}
