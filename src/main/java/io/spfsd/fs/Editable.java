package io.spfsd.fs;

import io.spfsd.fs.Overlay.Found;
import io.spfsd.fs.Overlay.Lower;
import io.spfsd.fs.Overlay.Upper;
import io.spfsd.fs.api.Attr;
import io.spfsd.fs.api.AttrOut;
import io.spfsd.fs.api.Caller;
import io.spfsd.fs.api.EntryOut;
import io.spfsd.fs.api.Errno;
import io.spfsd.fs.api.OpenOut;
import io.spfsd.fs.api.ValueOut;
import io.spfsd.node.Handles;
import io.spfsd.node.Mount;
import io.spfsd.node.Node;
import io.spfsd.node.NodeTable;
import io.spfsd.node.Scratch;
import io.spfsd.os.ErrnoException;
import io.spfsd.os.FileOps;
import io.spfsd.os.Posix;
import io.spfsd.storage.Entry;
import io.spfsd.storage.EntryKind;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations of an editable runtime: reads find a path in the scratch or the stack
 * ({@link Overlay}); writes go to the scratch, copying a stack file up on its first write (a
 * large file is copied once, never per open). Every node is the runtime's own (its scratch's
 * private domain), so no other runtime ever sees a byte of it, and the kernel keeps nothing
 * of it for long ({@link CachePolicy}).
 */
final class Editable {
    private static final Logger LOG = LoggerFactory.getLogger(Editable.class);
    private final SpfsFilesystem fs;

    Editable(SpfsFilesystem fs) {
        this.fs = fs;
    }

    /** The runtime-relative path of a private node ("" for the root), or null if its parents are gone. */
    String path(long ino) {
        if (ino == NodeTable.ROOT) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        long at = ino;
        for (int depth = 0; at != NodeTable.ROOT; depth++) {
            Node n = fs.nodes().get(at);
            if (n == null || n.isShared() || n.parent() < 0 || depth > 4096) { // (shared: files, never parents)
                return null;
            }
            sb.insert(0, sb.isEmpty() ? n.name() : n.name() + "/");
            at = n.parent();
        }
        return sb.toString();
    }

    /** The runtime-relative path of name under parent, or null if the parent's place is gone. */
    String child(long parent, String name) {
        String p = path(parent);
        return p == null ? null : p.isEmpty() ? name : p + "/" + name;
    }

    /**
     * The errno of a failure: the system call's own ({@link ErrnoException}), as every call
     * into a scratch throws; the few Java file calls left (a listing's fallback, deleting what a
     * removed directory held) by their exception's type, and EIO for what has none.
     */
    static int errno(IOException e) {
        return switch (e) {
            case ErrnoException x -> x.errno();
            case NoSuchFileException x -> Errno.ENOENT;
            case FileAlreadyExistsException x -> Errno.EEXIST;
            case java.nio.file.DirectoryNotEmptyException x -> Errno.ENOTEMPTY;
            case java.nio.file.AccessDeniedException x -> Errno.EACCES;
            default -> Errno.EIO;
        };
    }

    // ---- reads ----

    int lookup(Mount m, long parent, String name, EntryOut out) {
        String rel = child(parent, name);
        if (rel == null) {
            return Errno.ESTALE;
        }
        if (Scratch.isReserved(name)) {
            return Errno.ENOENT;
        }
        Found f;
        try {
            f = Overlay.find(m, rel);
        } catch (ErrnoException e) {
            return e.errno();
        }
        if (f == null) {
            out.negative(0.0);
            return 0;
        }
        Node n = isDirectory(f) ? fs.nodes().lookupPosition(parent, name)
                : fs.nodes().lookupPrivate(m.scratch().domain(), parent, name);
        entry(out, m, parent, name, n, f);
        return 0;
    }

    private static boolean isDirectory(Found f) {
        return f instanceof Upper u ? u.isDirectory() : ((Lower) f).tree() != null;
    }

    /**
     * An entry reply. Under the root it is never cached: the root's children are where runtimes
     * differ at the same path. Elsewhere for as long as the parent's agreement allows (CachePolicy).
     */
    void entry(EntryOut out, Mount m, long parent, String name, Node n, Found f) {
        out.clear();
        out.ino = n.id;
        attr(out.attr, m, n.id, f);
        out.attrTimeout = attrTimeout(n, out.attr);
        out.entryTimeout = fs.dirs().entryTimeoutUnder(parent, name);
    }

    private double attrTimeout(Node n, io.spfsd.fs.api.Attr a) {
        return n.isPosition() ? fs.policy().attrTimeout(fs.dirs().positions().of(n)) : fs.policy().attrTimeout(n, a);
    }

    private void attr(Attr a, Mount m, long ino, Found f) {
        switch (f) {
            case Upper u -> {
                io.spfsd.os.FileAttrs at = u.attrs();
                a.clear();
                a.ino = ino;
                a.mode = at.mode();
                a.nlink = at.nlink();
                a.uid = at.uid();
                a.gid = at.gid();
                a.rdev = at.rdev();
                a.size = at.size();
                a.blksize = 4096;
                // What is allocated, not what the size would need: sparse files, punched holes
                // and fallocate'd space show as they are (du).
                a.blocks = at.blocks();
                setTime(a, at.atimeNanos(), 'a');
                setTime(a, at.mtimeNanos(), 'm');
                setTime(a, at.ctimeNanos(), 'c');
            }
            case Lower l -> {
                fs.attrs().fill(a, ino, l.entry(), l.tree() != null ? Node.directoryLinks(l.tree()) : 1);
                if (m.scratch().ownedByAnother()) {
                    a.uid = m.scratch().uid(); // the stack is the runtime's user's to edit, as in spfs
                    a.gid = m.scratch().gid();
                }
            }
        }
    }

    private static void setTime(Attr a, long ns, char which) {
        long sec = Math.floorDiv(ns, 1_000_000_000L);
        int nsec = (int) Math.floorMod(ns, 1_000_000_000L);
        switch (which) {
            case 'a' -> { a.atimeSec = sec; a.atimeNsec = nsec; }
            case 'm' -> { a.mtimeSec = sec; a.mtimeNsec = nsec; }
            default -> { a.ctimeSec = sec; a.ctimeNsec = nsec; }
        }
    }

    int getattr(Mount m, Node n, AttrOut out) {
        String rel = path(n.id);
        Found f;
        try {
            f = rel == null ? null : Overlay.find(m, rel);
        } catch (ErrnoException e) {
            return e.errno();
        }
        if (f == null) {
            f = unlinkedButOpen(n);
        }
        if (f == null) {
            return Errno.ENOENT;
        }
        attr(out.attr, m, n.id, f);
        out.timeout = attrTimeout(n, out.attr);
        return 0;
    }

    /**
     * A file removed while open is still there for whoever holds it (fstat, and the kernel's own
     * getattr before a read past the size it knows): its attributes from the open descriptor.
     */
    private Found unlinkedButOpen(Node n) {
        Handles.OpenFile open = fs.handles().openOn(n);
        io.spfsd.os.FileAttrs a = open == null ? null : io.spfsd.os.Os.current().attrs(open.fd());
        return a == null ? null : new Upper(null, a);
    }

    int readlink(Mount m, Node n, ValueOut out) {
        String rel = path(n.id);
        try {
            switch (rel == null ? null : Overlay.find(m, rel)) {
                case Upper u -> out.text = ScratchFiles.readlink(m.scratch(), rel);
                case Lower l when l.entry().kind() == EntryKind.SYMLINK -> out.text = l.entry().linkTarget();
                case null -> {
                    return Errno.ENOENT;
                }
                default -> {
                    return Errno.EINVAL;
                }
            }
            return 0;
        } catch (IOException e) {
            return errno(e);
        }
    }

    int open(Caller c, Mount m, Node n, int flags, OpenOut out) {
        String rel = path(n.id);
        if (rel == null) {
            return Errno.ENOENT;
        }
        boolean writes = (flags & Posix.O_ACCMODE) != Posix.O_RDONLY || (flags & Posix.O_TRUNC) != 0;
        // Each open looks the path up once: a write under its lock, as it copies up (Overlay.forWriting).
        Found f;
        try {
            f = writes ? null : Overlay.find(m, rel);
        } catch (ErrnoException e) {
            return e.errno();
        }
        int fd;
        if (f instanceof Lower l) {
            Entry e = l.entry();
            if (e.kind() != EntryKind.FILE) {
                return Errno.EISDIR;
            }
            fd = fs.repo().openVerifiedPayload(e.digest(), e.size(), e.name(), m.remote(), c::interrupted);
            if (fd < 0) {
                return Errno.EIO;
            }
        } else if (!writes && f == null) {
            return Errno.ENOENT;
        } else {
            try {
                if (writes) {
                    Overlay.forWriting(m, rel, fs.repo());
                }
                fd = ScratchFiles.open(m.scratch(), rel, flags & ~(Posix.O_CREAT | Posix.O_EXCL), 0);
            } catch (IOException e) {
                if (errno(e) != Errno.ENOENT) {
                    LOG.warn("open of {} for writing failed: {}", rel, e.toString());
                }
                return errno(e);
            }
        }
        out.fh = fs.handles().add(new Handles.OpenFile(m, n, fd, writes));
        out.keepCache = fs.policy().keepCache(n);
        // A read-only open has nothing to flush. One for writing keeps FLUSH: before it, the
        // kernel writes back pages dirtied through a shared mapping, which close-to-open needs.
        out.noFlush = !writes;
        return 0;
    }

    int opendir(Mount m, long ino, OpenOut out) {
        String rel = path(ino);
        try {
            List<Handles.Listed> entries = rel == null ? null : Overlay.list(m, rel);
            if (entries == null) {
                return rel == null ? Errno.ESTALE : Errno.ENOTDIR;
            }
            out.fh = fs.handles().add(new Handles.DirListing(m, entries));
            return 0;
        } catch (IOException e) {
            return errno(e);
        }
    }

    int write(Handles.OpenFile f, java.nio.ByteBuffer data, long offset, ValueOut out) {
        long n = FileOps.pwrite(f.fd(), data, offset);
        if (n < 0) {
            return (int) -n;
        }
        out.number = n;
        return 0;
    }

    int fsync(Handles.OpenFile f) {
        return -FileOps.fsync(f.fd());
    }

    EditableChanges changes() {
        return new EditableChanges(this, fs);
    }

    EditableMakes makes() {
        return new EditableMakes(this, fs);
    }
}
