package io.spfsd.fs;

import io.spfsd.fs.api.AttrOut;
import io.spfsd.fs.api.Caller;
import io.spfsd.fs.api.DirSink;
import io.spfsd.fs.api.EntryOut;
import io.spfsd.fs.api.Errno;
import io.spfsd.fs.api.Filesystem;
import io.spfsd.fs.api.KernelCache;
import io.spfsd.fs.api.OpenOut;
import io.spfsd.fs.api.ReadOut;
import io.spfsd.fs.api.StatfsOut;
import io.spfsd.fs.api.ValueOut;
import io.spfsd.node.Handles;
import io.spfsd.node.Mount;
import io.spfsd.node.Node;
import io.spfsd.node.NodeTable;
import io.spfsd.os.Posix;
import io.spfsd.os.ProcessTable;
import io.spfsd.router.RouteCache;
import io.spfsd.storage.Entry;
import io.spfsd.storage.EntryKind;
import io.spfsd.storage.Repository;
import io.spfsd.storage.Tree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every FUSE operation's logic, on the neutral contract ({@link Filesystem}): no native
 * memory, no platform. The adapter (io.spfsd.fuse.linux) turns its answers into replies.
 *
 * <p>Only node 1, the root, depends on who asks: its lookups and listing are routed to the
 * caller's runtime. Every other node is in the {@link NodeTable}; what the kernel may cache
 * of each is {@link CachePolicy}'s decision. Open files remember their mount, so reads are
 * never routed.
 */
public final class SpfsFilesystem implements ForwardsWrites {
    private static final Logger LOG = LoggerFactory.getLogger(SpfsFilesystem.class);
    private static final int W_OK = 2;

    private final RouteCache routes;
    private final NodeTable nodes;
    private final Handles handles;
    private final Repository repo;
    private final Attributes attrs;
    private final CachePolicy policy = new CachePolicy();
    private volatile KernelCache kernel = KernelCache.NONE;
    private final Editable editable = new Editable(this);
    private final RuntimeTargets targets;
    private final ScratchWrites writes;
    private final Directories dirs;
    private volatile long lastRoutingError;

    public SpfsFilesystem(RouteCache routes, NodeTable nodes, Handles handles, Repository repo, int uid, int gid) {
        this.routes = routes;
        this.nodes = nodes;
        this.handles = handles;
        this.repo = repo;
        this.attrs = new Attributes(uid, gid);
        this.targets = new RuntimeTargets(this::callerMount, nodes);
        this.writes = new ScratchWrites(targets, nodes, handles, editable, new ScratchXattrs(this));
        this.dirs = new Directories(this, new Positions(nodes, editable::path));
    }

    @Override
    public ScratchWrites writes() {
        return writes;
    }

    /** Whether scratches keep extended attributes ({@link ScratchWrites#keepXattrs}). */
    public SpfsFilesystem keepXattrs(boolean on) {
        writes.keepXattrs(on);
        return this;
    }

    @Override
    public void init(KernelCache cache) {
        this.kernel = cache;
        dirs.positions().kernel(cache);
    }

    /** Drops an editable runtime's changes at paths (all if empty); see {@link ScratchChanges#reset}. */
    public void reset(Mount m, java.util.List<String> paths) throws java.io.IOException {
        try {
            ScratchChanges.reset(m, paths, nodes, kernel);
        } finally {
            viewsChanged(); // the stack shows again where the scratch hid it
        }
    }

    /**
     * The caller's runtime; null (logged, at most once a second) when the process table
     * cannot be read: the request then fails with EIO. Falling back to the empty view would
     * tell a process in a runtime that its files do not exist.
     */
    Mount callerMount(Caller c) {
        if (c.pid <= 0 && refuseCallsWithoutPid) {
            refusedWithoutPid();
            return null;
        }
        try {
            return routes.resolve(c.pid);
        } catch (ProcessTable.LookupFailedException e) {
            long now = System.nanoTime();
            if (now - lastRoutingError > 1_000_000_000L) {
                lastRoutingError = now;
                LOG.error("cannot route a request of PID {} ({}); replied EIO", c.pid, e.getMessage());
            }
            return null;
        }
    }

    @Override
    public int lookup(Caller c, long parent, String name, EntryOut out) {
        // FUSE passes names of up to 1024 bytes; no file system here holds one over NAME_MAX.
        // (85 characters are at most 255 bytes: shorter names skip the count.)
        if (name.length() > 85 && io.spfsd.storage.Names.encodedLength(name) > io.spfsd.storage.Names.MAX_BYTES) {
            return Errno.ENAMETOOLONG;
        }
        if (parent == NodeTable.ROOT) {
            Mount m = callerMount(c);
            if (m == null) {
                return Errno.EIO;
            }
            return m.isEditable() ? editable.lookup(m, NodeTable.ROOT, name, out) : dirs.lookupInRoot(m, name, out);
        }
        Node p = nodes.get(parent);
        if (p == null) {
            return Errno.ENOENT;
        }
        if (p.isPosition()) {
            return dirs.lookup(c, p, name, out);
        }
        return p.isShared() ? Errno.ENOTDIR : targets.in(c, parent, rt -> editable.lookup(rt, parent, name, out));
    }

    /**
     * macFUSE's FSKit backend passes no caller PID (0 for every request), so nothing could be
     * routed: every process would silently see the empty view. Where that can happen, a routed
     * request without a PID fails (EIO), and the daemon says why, once.
     */
    private volatile boolean refuseCallsWithoutPid;
    private volatile boolean refusedOnce;

    /** Fails routed requests that carry no caller PID, saying once that routing needs one. */
    public SpfsFilesystem refuseCallsWithoutPid(boolean on) {
        refuseCallsWithoutPid = on;
        return this;
    }

    private void refusedWithoutPid() {
        if (!refusedOnce) {
            refusedOnce = true;
            LOG.error("a request came without a caller PID: spfsd routes by PID, which macFUSE's FSKit backend does"
                    + " not pass; use its kernel-extension backend (docs/platforms.md). Such requests get EIO.");
        }
    }

    /**
     * Where the kernel passes names in NFD (macFUSE does) and layers hold them as they were
     * made (NFC on Linux, nearly always), a name not found as given is looked for in NFC.
     */
    private volatile boolean nfcFallback;

    /** Looks names up in NFC too when not found as given (macOS: macFUSE passes NFD). */
    public SpfsFilesystem lookUpNamesInNfcToo(boolean on) {
        nfcFallback = on;
        return this;
    }

    Entry find(io.spfsd.storage.Tree t, String name) {
        Entry e = t.find(name);
        if (e == null && nfcFallback && !java.text.Normalizer.isNormalized(name, java.text.Normalizer.Form.NFC)) {
            e = t.find(java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFC));
        }
        return e;
    }

    @Override
    public void forget(long ino, long nlookup) {
        nodes.forget(ino, nlookup);
    }

    @Override
    public int getattr(Caller c, long ino, AttrOut out) {
        if (ino == NodeTable.ROOT) {
            // The same for every view (nlink 1: "not counted"), so the kernel may keep it and
            // need not ask again on every path walk's permission check.
            attrs.fill(out.attr, ino, Entry.S_IFDIR | policy.rootPermissions(), 1, 0);
            out.timeout = policy.rootAttrTimeout();
            return 0;
        }
        Node n = nodes.get(ino);
        if (n == null) {
            return Errno.ENOENT;
        }
        if (n.isPosition()) {
            return dirs.getattr(c, n, out);
        }
        if (!n.isShared()) {
            return targets.in(c, ino, rt -> editable.getattr(rt, n, out));
        }
        attrs.fill(out.attr, ino, n.entry(), 1);
        out.timeout = policy.attrTimeout(n);
        return 0;
    }

    @Override
    public int readlink(Caller c, long ino, ValueOut out) {
        Node n = nodes.get(ino);
        if (n != null && n.isPosition()) {
            return Errno.EINVAL;
        }
        if (n != null && !n.isShared()) {
            return targets.in(c, ino, rt -> editable.readlink(rt, n, out));
        }
        if (n == null || n.entry().kind() != EntryKind.SYMLINK) {
            return n == null ? Errno.ENOENT : Errno.EINVAL;
        }
        out.text = n.entry().linkTarget();
        return 0;
    }

    @Override
    public int open(Caller c, long ino, int flags, OpenOut out) {
        Node n = nodes.get(ino);
        if (n != null && n.isPosition()) {
            return Errno.EISDIR;
        }
        if (n != null && !n.isShared()) {
            return targets.in(c, ino, rt -> editable.open(c, rt, n, flags, out));
        }
        if (n == null || n.entry().kind() != EntryKind.FILE) {
            return n == null ? Errno.ENOENT : Errno.EISDIR;
        }
        if ((flags & Posix.O_ACCMODE) != Posix.O_RDONLY || (flags & Posix.O_TRUNC) != 0) {
            return Errno.EROFS;
        }
        Mount m = callerMount(c);
        if (m == null) {
            return Errno.EIO;
        }
        Entry e = n.entry();
        int fd = repo.openVerifiedPayload(e.digest(), e.size(), e.name(), m.remote(), c::interrupted);
        if (fd < 0) {
            return Errno.EIO;
        }
        out.fh = handles.add(new Handles.OpenFile(m, n, fd));
        out.keepCache = policy.keepCache(n);
        out.noFlush = true; // read-only: a close has nothing to flush
        return 0;
    }

    @Override
    public int read(Caller c, long ino, long fh, long size, long offset, ReadOut out) {
        if (!(handles.get(fh) instanceof Handles.OpenFile f)) {
            return Errno.EBADF;
        }
        if (f.mount().isClosed()) {
            return Errno.ESTALE; // the runtime this file was opened in is gone
        }
        out.fromFd(f.fd(), offset, size);
        return 0;
    }

    @Override
    public int lseek(Caller c, long ino, long fh, long offset, int whence, ValueOut out) {
        if (!(handles.get(fh) instanceof Handles.OpenFile f)) {
            return Errno.EBADF;
        }
        // Holes of sparse payloads are holes here too: SEEK_DATA/SEEK_HOLE ask the payload itself.
        long at = Posix.lseek(f.fd(), offset, whence);
        if (at < 0) {
            return Posix.errno();
        }
        out.number = at;
        return 0;
    }

    @Override
    public int release(Caller c, long ino, long fh) {
        if (handles.remove(fh) instanceof Handles.OpenFile f) {
            Posix.close(f.fd());
        }
        return 0;
    }

    @Override
    public int opendir(Caller c, long ino, int flags, OpenOut out) {
        if (ino == NodeTable.ROOT) {
            Mount m = callerMount(c);
            if (m == null) {
                return Errno.EIO;
            }
            if (m.isEditable()) {
                return editable.opendir(m, ino, out);
            }
            out.fh = handles.add(new Handles.TreeListing(m, m.view().root()));
            return 0;
        }
        Node n = nodes.get(ino);
        if (n != null && n.isPosition()) {
            return dirs.opendir(c, n, out);
        }
        if (n != null && !n.isShared()) {
            return targets.in(c, ino, rt -> editable.opendir(rt, ino, out));
        }
        return n == null ? Errno.ENOENT : Errno.ENOTDIR;
    }

    @Override
    public int readdir(Caller c, long ino, long fh, long offset, boolean plus, DirSink sink) {
        return Listing.list(this, c, ino, fh, offset, plus, sink);
    }

    @Override
    public int releasedir(Caller c, long ino, long fh) {
        if (fh != 0) {
            handles.remove(fh); // a root or editable listing
        }
        return 0;
    }

    @Override
    public int statfs(Caller c, long ino, StatfsOut out) {
        out.clear();
        out.bsize = 4096;
        out.frsize = 4096;
        out.files = nodes.size() + 1;
        out.namemax = 255;
        return 0;
    }

    @Override
    public int access(Caller c, long ino, int mask) {
        if ((mask & W_OK) == 0) {
            return 0;
        }
        return targets.of(c, ino).err(); // writable only in the caller's own editable runtime
    }

    Repository repo() {
        return repo;
    }

    Editable editable() {
        return editable;
    }

    NodeTable nodes() {
        return nodes;
    }

    Handles handles() {
        return handles;
    }

    Attributes attrs() {
        return attrs;
    }

    /** Serving every user of the machine: the root is theirs to create in (CachePolicy#rootPermissions). */
    public SpfsFilesystem rootWritableByAll(boolean on) {
        policy.rootWritableByAll(on);
        return this;
    }

    RuntimeTargets targets() {
        return targets;
    }

    CachePolicy policy() {
        return policy;
    }

    Directories dirs() {
        return dirs;
    }

    @Override
    public java.util.concurrent.locks.Lock replyFence() {
        return dirs.positions().replyFence();
    }

    /** A runtime's view goes live: call before any of its processes is routed to it. */
    public void viewAdded(Mount m) {
        dirs.positions().add(m);
    }

    public void viewRemoved(Mount m) {
        dirs.positions().remove(m);
    }

    /** An editable runtime's directories changed behind the requests (a commit, a reset). */
    public void viewsChanged() {
        if (dirs.positions().shared()) {
            dirs.positions().changed();
        }
    }

}
