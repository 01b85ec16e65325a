package io.spfsd.daemon;

import io.spfsd.control.ProgressSink;
import io.spfsd.control.Protocol;
import io.spfsd.fs.SpfsFilesystem;
import io.spfsd.node.Handles;
import io.spfsd.node.Mount;
import io.spfsd.node.NodeTable;
import io.spfsd.router.Router;
import io.spfsd.storage.Digest;
import io.spfsd.storage.Repository;
import io.spfsd.storage.RepositoryException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Requests about one editable runtime: commit its scratch, show its changes (diff), drop them (reset). */
final class RuntimeRequests {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeRequests.class);
    private final Router router;
    private final Authorization auth;
    private final Handles handles;
    private final Repository repo;
    private final NodeTable nodes;
    private final SpfsFilesystem filesystem;
    private final io.spfsd.os.RuntimeGroups groups;

    /** How long a commit waits for the runtime's processes to pause. */
    private static final java.time.Duration PAUSE_LIMIT = java.time.Duration.ofSeconds(10);

    RuntimeRequests(Router router, Authorization auth, Handles handles, Repository repo, NodeTable nodes,
                    SpfsFilesystem filesystem, io.spfsd.os.RuntimeGroups groups) {
        this.groups = groups;
        this.router = router;
        this.auth = auth;
        this.handles = handles;
        this.repo = repo;
        this.nodes = nodes;
        this.filesystem = filesystem;
    }

    /** The editable runtime a request names (by name, or the one its PID sees), or why it cannot be had. */
    private record Target(Mount mount, Protocol.Response refusal) {
    }

    /** The runtime called req's name, or the one req's PID sees. */
    private Optional<Mount> named(Protocol.Request req) {
        return req.name() != null
                ? router.mounts().stream().filter(m -> m.name().equals(req.name())).findFirst()
                : req.pid() != null && req.pid() > 0 ? Optional.of(router.resolve(req.pid()))
                        .filter(m -> m != router.defaultMount()) : Optional.empty();
    }

    private static boolean nothingChanged(Mount m) {
        try (var s = java.nio.file.Files.list(m.scratch().upper())) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false; // the commit says what is wrong with the scratch
        }
    }

    /** Why a request about "this runtime" finds none: said so that a user and a socket client both know what to do. */
    private static String notInARuntime(String op) {
        return "this process is in no runtime: run " + op + " inside one (spfsd run -e REF -- ...), or name one"
                + " (--runtime NAME; \"name\" over the socket)";
    }

    private Target editableRuntime(Protocol.Request req, UnixDomainPrincipal peer) {
        Optional<Mount> found = named(req);
        if (found.isEmpty()) {
            return new Target(null, Protocol.Response.failure(req.name() != null
                    ? router.noRuntimeNamed(req.name()) : notInARuntime(req.op())));
        }
        Mount m = found.get();
        Optional<String> denied = auth.check(peer, m.rootPid());
        if (denied.isPresent()) {
            return new Target(null, Protocol.Response.failure(denied.get()));
        }
        if (!m.isEditable()) {
            return new Target(null, Protocol.Response.failure("runtime '" + m.name() + "' is not editable"));
        }
        return new Target(m, null);
    }

    Protocol.Response diff(Protocol.Request req, UnixDomainPrincipal peer, ProgressSink progress) {
        Target t = editableRuntime(req, peer);
        if (t.refusal() != null) {
            return t.refusal();
        }
        return whilePaused(t.mount(), "diff", () -> {
            try {
                List<Protocol.Change> changes = io.spfsd.fs.ScratchChanges.diff(t.mount(),
                        n -> progress.report("comparing", n, -1))
                        .stream().map(c -> new Protocol.Change(c.kind(), c.path())).toList();
                return new Protocol.Response(true, null, Daemon.info(t.mount()), null, null, null, changes);
            } catch (ProgressSink.ClientGone e) {
                LOG.info("runtime {}: diff stopped: {}", t.mount().name(), e.getMessage());
                return Protocol.Response.failure("diff of runtime '" + t.mount().name() + "' stopped: "
                        + e.getMessage());
            } catch (IOException e) {
                return Protocol.Response.failure("cannot read the scratch of '" + t.mount().name() + "': "
                        + e.getMessage());
            }
        });
    }

    /**
     * Runs work on m's scratch with m's processes paused (where runtimes have groups): the
     * daemon reads the scratch by path, with its own rights, and a process that swapped a
     * directory for a symbolic link during the walk could otherwise have it read what the link
     * points to; the walk also sees the scratch at one moment.
     */
    private Protocol.Response whilePaused(Mount m, String what, java.util.function.Supplier<Protocol.Response> work) {
        boolean paused = false;
        if (groups.available()) {
            try {
                paused = groups.pause(m.name(), true, PAUSE_LIMIT);
                if (!paused) {
                    return Protocol.Response.failure("cannot " + what + " runtime '" + m.name() + "': its processes did"
                            + " not pause within " + PAUSE_LIMIT.toSeconds() + " s (one may be in a slow request): try again");
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // no group: no process of the runtime runs (a kept one), so none can change its scratch
            } catch (IOException e) {
                return Protocol.Response.failure("cannot " + what + " runtime '" + m.name() + "': its processes cannot"
                        + " be paused while its files are read (" + e.getMessage() + ")");
            }
        }
        try {
            return work.get();
        } finally {
            if (paused) {
                try {
                    groups.pause(m.name(), false, PAUSE_LIMIT);
                } catch (IOException e) {
                    LOG.error("runtime {}: its processes could not be let go after {}: {}", m.name(), what, e.toString());
                }
            }
        }
    }

    Protocol.Response reset(Protocol.Request req, UnixDomainPrincipal peer) {
        Target t = editableRuntime(req, peer);
        if (t.refusal() != null) {
            return t.refusal();
        }
        try {
            filesystem.reset(t.mount(), req.paths() == null ? List.of() : req.paths());
            LOG.info("runtime {}: changes dropped ({})", t.mount().name(),
                    req.paths() == null || req.paths().isEmpty() ? "all" : String.join(" ", req.paths()));
            return new Protocol.Response(true, null, Daemon.info(t.mount()), null, null);
        } catch (IllegalArgumentException | IOException e) { // a path outside the view, or the scratch failing
            return Protocol.Response.failure("cannot reset '" + t.mount().name() + "': " + e.getMessage());
        }
    }

    /** Makes the runtime the PID sees (or the one named) editable, with a new scratch. */
    Protocol.Response edit(Protocol.Request req, UnixDomainPrincipal peer, Scratches scratches) {
        Optional<Mount> found = named(req);
        if (found.isEmpty()) {
            return Protocol.Response.failure(notInARuntime("edit"));
        }
        Mount m = found.get();
        Optional<String> denied = auth.check(peer, m.rootPid());
        if (denied.isPresent()) {
            return Protocol.Response.failure(denied.get());
        }
        synchronized (m) {
            if (!m.isEditable()) {
                try {
                    m.makeEditable(scratches.create(m.name(), io.spfsd.os.Os.current().processIds(m.rootPid())));
                } catch (IOException e) {
                    return Protocol.Response.failure(e.getMessage());
                }
                LOG.info("runtime {} is editable now", m.name());
            }
        }
        return new Protocol.Response(true, null, Daemon.info(m), null, null);
    }

    /** Commits the scratch of the runtime named, or of the one the PID sees, as a new layer ({@link #whilePaused}). */
    Protocol.Response commit(Protocol.Request req, UnixDomainPrincipal peer, ProgressSink progress) {
        Target t = editableRuntime(req, peer);
        if (t.refusal() != null) {
            return t.refusal();
        }
        Mount m = t.mount();
        long writers = handles.writersOf(m);
        if (writers > 0) {
            return Protocol.Response.failure(writers + " file(s) are open for writing in runtime '" + m.name()
                    + "': close them, then commit");
        }
        if (nothingChanged(m)) {
            return Protocol.Response.failure("nothing to commit: runtime '" + m.name() + "' has no changes");
        }
        List<String> tags = req.tags() == null ? List.of() : req.tags();
        for (String tag : tags) {
            try {
                io.spfsd.storage.TagStore.checkName(tag);
            } catch (RepositoryException e) {
                return Protocol.Response.failure(e.getMessage() + "; nothing was committed");
            }
        }
        return whilePaused(m, "commit", () -> {
            try {
                Digest layer = RuntimeCommit.commit(repo, nodes, m, progress);
                filesystem.viewsChanged();
                LOG.info("runtime {} committed as layer {}", m.name(), layer);
                String untagged = tag(tags, layer, peer);
                return untagged == null ? new Protocol.Response(true, null, Daemon.info(m), null, null, layer.toString())
                        : Protocol.Response.failure("runtime '" + m.name() + "' is committed as layer " + layer
                                + ", but " + untagged + ": tag it with spfsd tag " + layer + " TAG");
            } catch (ProgressSink.ClientGone e) {
                LOG.info("runtime {}: commit stopped before it changed anything: {}", m.name(), e.getMessage());
                return Protocol.Response.failure("commit of runtime '" + m.name() + "' stopped: " + e.getMessage());
            } catch (IOException | RepositoryException e) {
                LOG.error("commit of runtime {} failed", m.name(), e);
                return Protocol.Response.failure("commit of runtime '" + m.name() + "' failed: " + e.getMessage());
            }
        });
    }

    /**
     * Tags layer with each of tags, as peer's user (by the daemon: a user of the machine's
     * daemon need not write its repository); null, or what could not be done.
     */
    private String tag(List<String> tags, Digest layer, UnixDomainPrincipal peer) {
        String user = peer != null ? peer.user().getName() : System.getProperty("user.name");
        for (String tag : tags) {
            try {
                repo.tags().push(tag, layer, user);
            } catch (RepositoryException e) {
                LOG.error("tagging layer {} as {} failed", layer, tag, e);
                return "the tag " + tag + " could not be set (" + e.getMessage() + ")";
            }
        }
        return null;
    }
}
