package io.spfsd.fs;

import io.spfsd.bindings.fuse3.fuse3_h;
import io.spfsd.bindings.fuse3.fuse_buf;
import io.spfsd.bindings.fuse3.fuse_bufvec;
import io.spfsd.bindings.fuse3.fuse_ctx;
import io.spfsd.bindings.fuse3.fuse_entry_param;
import io.spfsd.bindings.fuse3.fuse_file_info;
import io.spfsd.bindings.fuse3.fuse_forget_data;
import io.spfsd.bindings.fuse3.statvfs;
import io.spfsd.fuse.Errno;
import io.spfsd.fuse.FileInfoBits;
import io.spfsd.fuse.FuseOperations;
import io.spfsd.fuse.Replies;
import io.spfsd.mount.Handles;
import io.spfsd.mount.Mount;
import io.spfsd.mount.Node;
import io.spfsd.mount.NodeTable;
import io.spfsd.platform.Libc;
import io.spfsd.process.ProcessTable;
import io.spfsd.router.RouteCache;
import io.spfsd.storage.Entry;
import io.spfsd.storage.EntryKind;
import io.spfsd.storage.Repository;
import io.spfsd.storage.Tree;
import java.lang.foreign.MemorySegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FUSE operations of the daemon.
 *
 * <p>Only node 1, the root, depends on who asks: its lookups, attributes and listing are
 * routed to the caller's runtime and never cached by the kernel (timeouts 0, no
 * cache_readdir). Every other node id stands for its position and content
 * ({@link NodeTable}), so its entries, negative entries, attributes, pages (keep_cache) and
 * listings (cache_readdir) may be cached for a day. Open files remember their mount, so
 * reads are never routed.
 */
public final class SpfsFilesystem implements FuseOperations {
    private static final Logger LOG = LoggerFactory.getLogger(SpfsFilesystem.class);
    /** How long the kernel may cache what a content-addressed node id stands for. */
    static final double CACHE_SECONDS = 86400.0;
    private static final int O_ACCMODE = 3, O_TRUNC = 01000, W_OK = 2;
    private static final long UNKNOWN_INO = 0xffffffffL;

    private final RouteCache routes;
    private final NodeTable nodes;
    private final Handles handles;
    private final Repository repo;
    private final Attributes attrs;
    private final boolean splice;
    private volatile long lastRoutingError;

    public SpfsFilesystem(RouteCache routes, NodeTable nodes, Handles handles, Repository repo, int uid, int gid,
                          boolean splice) {
        this.splice = splice;
        this.routes = routes;
        this.nodes = nodes;
        this.handles = handles;
        this.repo = repo;
        this.attrs = new Attributes(uid, gid);
    }

    @Override
    public void init(MemorySegment conn) {
        // With SPLICE_WRITE libfuse moves file data from the payload's descriptor into
        // /dev/fuse without copying it through user space; without it, libfuse preads.
        boolean spliced = splice && ConnFlags.want(conn, fuse3_h.FUSE_CAP_SPLICE_WRITE())
                && ConnFlags.want(conn, fuse3_h.FUSE_CAP_SPLICE_MOVE());
        ConnFlags.want(conn, fuse3_h.FUSE_CAP_CACHE_SYMLINKS());
        LOG.info("FUSE connection ready (reads: {})", spliced ? "splice" : "pread");
    }

    /**
     * The caller's runtime; null (logged, at most once a second) when the process table
     * cannot be read: the request then fails with EIO. Falling back to the empty view would
     * tell a process in a runtime that its files do not exist.
     */
    private Mount callerMount(MemorySegment req) {
        MemorySegment ctx = fuse3_h.fuse_req_ctx(req).reinterpret(fuse_ctx.sizeof());
        try {
            return routes.resolve(fuse_ctx.pid(ctx));
        } catch (ProcessTable.LookupFailedException e) {
            long now = System.nanoTime();
            if (now - lastRoutingError > 1_000_000_000L) {
                lastRoutingError = now;
                LOG.error("cannot route a request of PID {} ({}); replied EIO", fuse_ctx.pid(ctx), e.getMessage());
            }
            return null;
        }
    }

    @Override
    public void lookup(MemorySegment req, long parent, MemorySegment namePtr) {
        String name = Scratch.get().name(namePtr);
        if (parent == NodeTable.ROOT) {
            Mount m = callerMount(req);
            if (m == null) {
                Replies.err(req, Errno.EIO);
                return;
            }
            Entry e = m.view().root().find(name);
            if (e == null) {
                Replies.err(req, Errno.ENOENT); // not cached: another caller may have it
                return;
            }
            replyEntry(req, nodes.lookup(NodeTable.ROOT, e, m.view().merged().trees()), 0.0);
            return;
        }
        Node p = nodes.get(parent);
        if (p == null) {
            Replies.err(req, Errno.ENOENT);
            return;
        }
        if (!p.isDirectory()) {
            Replies.err(req, Errno.ENOTDIR);
            return;
        }
        Entry e = p.tree.find(name);
        if (e == null) {
            replyNegative(req);
            return;
        }
        replyEntry(req, nodes.lookup(parent, e, p.trees()), CACHE_SECONDS);
    }

    private void replyEntry(MemorySegment req, Node n, double entryTimeout) {
        Scratch s = Scratch.get();
        fuse_entry_param.ino(s.entry, n.id);
        fuse_entry_param.generation(s.entry, 0);
        attrs.fill(s.entryAttr, n.id, n.entry, n.nlink);
        fuse_entry_param.attr_timeout(s.entry, CACHE_SECONDS);
        fuse_entry_param.entry_timeout(s.entry, entryTimeout);
        Replies.entry(req, s.entry);
    }

    /** "No such name" that the kernel may remember: the parent's id fixes its content. */
    private void replyNegative(MemorySegment req) {
        Scratch s = Scratch.get();
        s.entry.fill((byte) 0);
        fuse_entry_param.entry_timeout(s.entry, CACHE_SECONDS);
        Replies.entry(req, s.entry);
    }

    @Override
    public void forget(MemorySegment req, long ino, long nlookup) {
        nodes.forget(ino, nlookup);
        Replies.none(req);
    }

    @Override
    public void forgetMulti(MemorySegment req, long count, MemorySegment forgets) {
        MemorySegment all = forgets.reinterpret(count * fuse_forget_data.sizeof());
        for (long i = 0; i < count; i++) {
            MemorySegment f = fuse_forget_data.asSlice(all, i);
            nodes.forget(fuse_forget_data.ino(f), fuse_forget_data.nlookup(f));
        }
        Replies.none(req);
    }

    @Override
    public void getattr(MemorySegment req, long ino, MemorySegment fi) {
        Scratch s = Scratch.get();
        if (ino == NodeTable.ROOT) {
            // The same for every view (nlink 1: "not counted"), so the kernel may keep it and
            // need not ask again on every path walk's permission check.
            attrs.fill(s.stat, ino, Entry.S_IFDIR | 0755, 1, 0);
            Replies.attr(req, s.stat, CACHE_SECONDS);
            return;
        }
        Node n = nodes.get(ino);
        if (n == null) {
            Replies.err(req, Errno.ENOENT);
            return;
        }
        attrs.fill(s.stat, ino, n.entry, n.nlink);
        Replies.attr(req, s.stat, CACHE_SECONDS);
    }

    @Override
    public void readlink(MemorySegment req, long ino) {
        Node n = nodes.get(ino);
        if (n == null || n.entry.kind() != EntryKind.SYMLINK) {
            Replies.err(req, n == null ? Errno.ENOENT : Errno.EINVAL);
            return;
        }
        fuse3_h.fuse_reply_readlink(req, Scratch.get().cString(n.entry.linkTarget()));
    }

    @Override
    public void open(MemorySegment req, long ino, MemorySegment fiPtr) {
        MemorySegment fi = fiPtr.reinterpret(fuse_file_info.sizeof());
        Node n = nodes.get(ino);
        if (n == null || n.entry.kind() != EntryKind.FILE) {
            Replies.err(req, n == null ? Errno.ENOENT : Errno.EISDIR);
            return;
        }
        int flags = fuse_file_info.flags(fi);
        if ((flags & O_ACCMODE) != Libc.O_RDONLY || (flags & O_TRUNC) != 0) {
            Replies.err(req, Errno.EROFS);
            return;
        }
        Mount m = callerMount(req);
        if (m == null) {
            Replies.err(req, Errno.EIO);
            return;
        }
        int fd = repo.openVerifiedPayload(n.entry.digest(), n.entry.size(), n.entry.name());
        if (fd < 0) {
            Replies.err(req, Errno.EIO);
            return;
        }
        fuse_file_info.fh(fi, handles.add(new Handles.OpenFile(m, fd, n.entry.size())));
        FileInfoBits.set(fi, FileInfoBits.KEEP_CACHE);
        Replies.open(req, fi);
    }

    /** The open file a request's fi names; null (EBADF replied) if it names none. */
    private Handles.OpenFile openFile(MemorySegment req, MemorySegment fiPtr) {
        long fh = fuse_file_info.fh(fiPtr.reinterpret(fuse_file_info.sizeof()));
        if (handles.get(fh) instanceof Handles.OpenFile f) {
            return f;
        }
        Replies.err(req, Errno.EBADF);
        return null;
    }

    @Override
    public void read(MemorySegment req, long ino, long size, long offset, MemorySegment fiPtr) {
        Handles.OpenFile f = openFile(req, fiPtr);
        if (f == null) {
            return;
        }
        if (f.mount().isClosed()) {
            Replies.err(req, Errno.ESTALE); // the runtime this file was opened in is gone
            return;
        }
        // libfuse reads the descriptor itself: splice into /dev/fuse when enabled, else pread.
        MemorySegment v = Scratch.get().bufvec;
        fuse_bufvec.count(v, 1);
        fuse_bufvec.idx(v, 0);
        fuse_bufvec.off(v, 0);
        MemorySegment b = fuse_bufvec.buf(v, 0);
        fuse_buf.size(b, size);
        fuse_buf.flags(b, fuse3_h.FUSE_BUF_IS_FD() | fuse3_h.FUSE_BUF_FD_SEEK());
        fuse_buf.mem(b, MemorySegment.NULL);
        fuse_buf.fd(b, f.fd());
        fuse_buf.pos(b, offset);
        fuse3_h.fuse_reply_data(req, v, 0);
    }

    /** Holes of sparse payloads are holes here too: SEEK_DATA/SEEK_HOLE ask the payload itself. */
    @Override
    public void lseek(MemorySegment req, long ino, long offset, int whence, MemorySegment fiPtr) {
        Handles.OpenFile f = openFile(req, fiPtr);
        if (f == null) {
            return;
        }
        long at = Libc.lseek(f.fd(), offset, whence);
        if (at < 0) {
            Replies.err(req, Libc.errno());
            return;
        }
        Replies.lseek(req, at);
    }

    @Override
    public void release(MemorySegment req, long ino, MemorySegment fiPtr) {
        long fh = fuse_file_info.fh(fiPtr.reinterpret(fuse_file_info.sizeof()));
        if (handles.remove(fh) instanceof Handles.OpenFile f) {
            Libc.close(f.fd());
        }
        Replies.err(req, 0);
    }

    @Override
    public void opendir(MemorySegment req, long ino, MemorySegment fiPtr) {
        MemorySegment fi = fiPtr.reinterpret(fuse_file_info.sizeof());
        if (ino == NodeTable.ROOT) {
            Mount m = callerMount(req);
            if (m == null) {
                Replies.err(req, Errno.EIO);
                return;
            }
            fuse_file_info.fh(fi, handles.add(new Handles.RootListing(m, m.view().root())));
            Replies.open(req, fi);
            return;
        }
        Node n = nodes.get(ino);
        if (n == null || !n.isDirectory()) {
            Replies.err(req, n == null ? Errno.ENOENT : Errno.ENOTDIR);
            return;
        }
        fuse_file_info.fh(fi, 0);
        FileInfoBits.set(fi, FileInfoBits.CACHE_READDIR | FileInfoBits.KEEP_CACHE);
        Replies.open(req, fi);
    }

    @Override
    public void readdir(MemorySegment req, long ino, long size, long offset, MemorySegment fi) {
        list(req, ino, size, offset, fi, false);
    }

    @Override
    public void readdirplus(MemorySegment req, long ino, long size, long offset, MemorySegment fi) {
        list(req, ino, size, offset, fi, true);
    }

    private void list(MemorySegment req, long ino, long size, long offset, MemorySegment fiPtr, boolean plus) {
        Tree tree;
        java.util.Map<io.spfsd.storage.Digest, Tree> trees;
        if (ino == NodeTable.ROOT) {
            long fh = fuse_file_info.fh(fiPtr.reinterpret(fuse_file_info.sizeof()));
            if (!(handles.get(fh) instanceof Handles.RootListing l)) {
                Replies.err(req, Errno.EBADF);
                return;
            }
            tree = l.tree();
            trees = l.mount().view().merged().trees();
        } else {
            Node n = nodes.get(ino);
            if (n == null || !n.isDirectory()) {
                Replies.err(req, n == null ? Errno.ENOENT : Errno.ENOTDIR);
                return;
            }
            tree = n.tree;
            trees = n.trees();
        }
        Scratch s = Scratch.get();
        MemorySegment buf = s.dir(size);
        long used = 0;
        int total = tree.entries().size() + 2;
        for (long i = offset; i < total; i++) {
            long room = size - used;
            MemorySegment at = buf.asSlice(used);
            long n;
            if (i < 2) {
                String name = i == 0 ? "." : "..";
                if (plus) {
                    s.entry.fill((byte) 0);
                    io.spfsd.bindings.fuse3.stat.st_ino(s.entryAttr, UNKNOWN_INO);
                    io.spfsd.bindings.fuse3.stat.st_mode(s.entryAttr, Entry.S_IFDIR);
                    n = fuse3_h.fuse_add_direntry_plus(req, at, room, s.cString(name), s.entry, i + 1);
                } else {
                    attrs.fill(s.stat, UNKNOWN_INO, Entry.S_IFDIR, 2, 0);
                    n = fuse3_h.fuse_add_direntry(req, at, room, s.cString(name), s.stat, i + 1);
                }
            } else {
                Entry e = tree.entries().get((int) (i - 2));
                MemorySegment cname = s.cString(e.name());
                if (plus) {
                    // Measure first: an entry that does not fit must not count as a lookup.
                    if (fuse3_h.fuse_add_direntry_plus(req, MemorySegment.NULL, 0, cname, MemorySegment.NULL, 0)
                            > room) {
                        break;
                    }
                    Node child = nodes.lookup(ino, e, trees);
                    fuse_entry_param.ino(s.entry, child.id);
                    fuse_entry_param.generation(s.entry, 0);
                    attrs.fill(s.entryAttr, child.id, e, child.nlink);
                    fuse_entry_param.attr_timeout(s.entry, CACHE_SECONDS);
                    fuse_entry_param.entry_timeout(s.entry, ino == NodeTable.ROOT ? 0.0 : CACHE_SECONDS);
                    n = fuse3_h.fuse_add_direntry_plus(req, at, room, cname, s.entry, i + 1);
                } else {
                    long id = nodes.peekId(ino, e);
                    attrs.fill(s.stat, id < 0 ? UNKNOWN_INO : id, e.mode(), 1, 0);
                    n = fuse3_h.fuse_add_direntry(req, at, room, cname, s.stat, i + 1);
                }
            }
            if (n > room) {
                break;
            }
            used += n;
        }
        Replies.buf(req, buf, used);
    }

    @Override
    public void releasedir(MemorySegment req, long ino, MemorySegment fiPtr) {
        if (ino == NodeTable.ROOT) {
            handles.remove(fuse_file_info.fh(fiPtr.reinterpret(fuse_file_info.sizeof())));
        }
        Replies.err(req, 0);
    }

    @Override
    public void statfs(MemorySegment req, long ino) {
        MemorySegment v = Scratch.get().statvfs;
        v.fill((byte) 0);
        statvfs.f_bsize(v, 4096);
        statvfs.f_frsize(v, 4096);
        statvfs.f_files(v, nodes.size() + 1);
        statvfs.f_namemax(v, 255);
        fuse3_h.fuse_reply_statfs(req, v);
    }

    @Override
    public void access(MemorySegment req, long ino, int mask) {
        Replies.err(req, (mask & W_OK) != 0 ? Errno.EROFS : 0);
    }
}
