package io.spfsd.fs;

import io.spfsd.fs.api.AttrOut;
import io.spfsd.fs.api.Caller;
import io.spfsd.fs.api.EntryOut;
import io.spfsd.fs.api.Errno;
import io.spfsd.fs.api.OpenOut;
import io.spfsd.fs.api.SetattrIn;
import io.spfsd.fs.api.ValueOut;
import io.spfsd.fs.RuntimeTargets.Target;
import io.spfsd.node.Handles;
import io.spfsd.node.NodeTable;
import java.nio.ByteBuffer;

/**
 * Where writes may go: only into the caller's own editable runtime, through its root or its
 * private nodes ({@link Editable}). Everything else is read-only (EROFS), and another
 * runtime's node is stale to the caller (ESTALE), so no write ever lands in a runtime the
 * writer does not belong to ({@link RuntimeTargets}). The filesystem forwards its writes here
 * ({@link ForwardsWrites}).
 */
final class ScratchWrites {
    private final RuntimeTargets targets;
    private final NodeTable nodes;
    private final Handles handles;
    private final Editable editable;
    private final EditableChanges changes;
    private final EditableMakes makes;
    private final ScratchXattrs xattrs;
    private volatile boolean keepXattrs;

    ScratchWrites(RuntimeTargets targets, NodeTable nodes, Handles handles, Editable editable, ScratchXattrs xattrs) {
        this.targets = targets;
        this.nodes = nodes;
        this.handles = handles;
        this.editable = editable;
        this.changes = editable.changes();
        this.makes = editable.makes();
        this.xattrs = xattrs;
    }

    public int create(Caller c, long parent, String name, int mode, int flags, EntryOut entry, OpenOut open) {
        return targets.in(c, parent, rt -> makes.create(c, rt, parent, name, mode, flags, entry, open));
    }

    public int mkdir(Caller c, long parent, String name, int mode, EntryOut out) {
        return targets.in(c, parent, rt -> makes.mkdir(c, rt, parent, name, mode, out));
    }

    public int mknod(Caller c, long parent, String name, int mode, long rdev, EntryOut out) {
        return targets.in(c, parent, rt -> makes.mknod(c, rt, parent, name, mode, rdev, out));
    }

    public int symlink(Caller c, String target, long parent, String name, EntryOut out) {
        return targets.in(c, parent, rt -> makes.symlink(c, rt, target, parent, name, out));
    }

    public int link(Caller c, long ino, long newParent, String newName, EntryOut out) {
        Target t = targets.of(c, ino, newParent);
        return t.err() != 0 ? t.err() : makes.link(c, t.mount(), nodes.get(ino), newParent, newName, out);
    }

    public int unlink(Caller c, long parent, String name) {
        return targets.in(c, parent, rt -> changes.unlink(rt, parent, name));
    }

    public int rmdir(Caller c, long parent, String name) {
        return targets.in(c, parent, rt -> changes.rmdir(rt, parent, name));
    }

    public int rename(Caller c, long parent, String name, long newParent, String newName, int flags) {
        Target t = targets.of(c, parent, newParent);
        return t.err() != 0 ? t.err() : changes.rename(t.mount(), parent, name, newParent, newName, flags);
    }

    public int setattr(Caller c, long ino, SetattrIn in, AttrOut out) {
        Target t = targets.of(c, ino);
        if (t.err() != 0) {
            return t.err();
        }
        return ino == NodeTable.ROOT ? Errno.EPERM : changes.setattr(c, t.mount(), nodes.get(ino), in, out);
    }

    public int write(Caller c, long ino, long fh, ByteBuffer data, long offset, ValueOut out) {
        if (!(handles.get(fh) instanceof Handles.OpenFile f)) {
            return Errno.EBADF;
        }
        if (f.node().isShared()) {
            return Errno.EROFS;
        }
        return editable.write(f, data, offset, out);
    }

    public int fsync(Caller c, long ino, long fh, boolean dataOnly) {
        if (handles.get(fh) instanceof Handles.OpenFile f && !f.node().isShared()) {
            return editable.fsync(f);
        }
        return 0;
    }

    /**
     * Whether scratches keep extended attributes (they live in the scratch, {@link ScratchXattrs};
     * the stack has none). Off, getxattr answers ENOSYS, after which the kernel asks no more:
     * otherwise it asks for security.capability before every write to a file, a round trip each
     * (untar into a scratch: 1.56x to 1.92x of passthrough_ll).
     */
    void keepXattrs(boolean on) {
        this.keepXattrs = on;
    }

    public int getxattr(Caller c, long ino, String name, long size, ValueOut out) {
        return keepXattrs ? xattrs.get(c, ino, name, size, out) : Errno.ENOSYS;
    }

    public int listxattr(Caller c, long ino, long size, ValueOut out) {
        return keepXattrs ? xattrs.list(c, ino, size, out) : Errno.ENOSYS;
    }

    public int setxattr(Caller c, long ino, String name, byte[] value, int flags) {
        Target t = targets.of(c, ino);
        if (t.err() != 0) {
            return t.err();
        }
        return keepXattrs ? xattrs.set(c, t.mount(), nodes.get(ino), name, value, flags) : Errno.ENOTSUP;
    }

    public int removexattr(Caller c, long ino, String name) {
        Target t = targets.of(c, ino);
        if (t.err() != 0) {
            return t.err();
        }
        return keepXattrs ? xattrs.remove(c, t.mount(), nodes.get(ino), name) : Errno.ENOTSUP;
    }

    /** fallocate on a scratch file open for writing, passed to the system's own (ENOTSUP where it has none). */
    public int fallocate(Caller c, long ino, long fh, int mode, long offset, long length) {
        Target t = targets.of(c, ino);
        if (t.err() != 0) {
            return t.err();
        }
        if (!(handles.get(fh) instanceof Handles.OpenFile f) || !f.writable() || f.node().isShared()) {
            return Errno.EBADF;
        }
        int r = io.spfsd.os.Os.current().fallocate(f.fd(), mode, offset, length);
        return r < 0 ? Errno.ENOTSUP : r;
    }

    /**
     * ENOSYS: the kernel then copies with reads and writes itself (and stops asking), which
     * cp and mv expect; EROFS here would stop them instead of making them fall back.
     */
    public int copyFileRange(Caller c, long inIno, long inFh, long inOffset, long outIno, long outFh,
                             long outOffset, long length, int flags, ValueOut out) {
        return Errno.ENOSYS;
    }
}
