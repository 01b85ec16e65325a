package io.spfsd.fs;

import io.spfsd.fs.api.AttrOut;
import io.spfsd.fs.api.Caller;
import io.spfsd.fs.api.EntryOut;
import io.spfsd.fs.api.Errno;
import io.spfsd.fs.api.Filesystem;
import io.spfsd.fs.api.OpenOut;
import io.spfsd.fs.api.SetattrIn;
import io.spfsd.fs.api.ValueOut;
import io.spfsd.node.Handles;
import io.spfsd.node.Mount;
import io.spfsd.node.Node;
import io.spfsd.node.NodeTable;
import java.nio.ByteBuffer;

/**
 * Where writes may go: only into the caller's own editable runtime, through its root or its
 * private nodes ({@link Editable}). Everything else is read-only (EROFS), and another
 * runtime's node is stale to the caller (ESTALE), so no write ever lands in a runtime the
 * writer does not belong to.
 */
abstract class ScratchWrites implements Filesystem {
    private EditableChanges changes;

    abstract Mount callerMount(Caller c);

    abstract NodeTable nodes();

    abstract Handles handles();

    abstract Editable editable();

    EditableChanges changes() {
        if (changes == null) {
            changes = editable().changes();
        }
        return changes;
    }

    /** The caller's editable runtime, if ino is its root or one of its nodes; else why not. */
    record Target(Mount mount, int err) {
    }

    Target runtimeOf(Caller c, long ino) {
        Mount m = callerMount(c);
        if (m == null) {
            return new Target(null, Errno.EIO);
        }
        if (ino == NodeTable.ROOT) {
            return m.isEditable() ? new Target(m, 0) : new Target(null, Errno.EROFS);
        }
        Node n = nodes().get(ino);
        if (n == null) {
            return new Target(null, Errno.ENOENT);
        }
        if (n.isShared()) {
            return new Target(null, Errno.EROFS);
        }
        if (!m.isEditable() || !m.scratch().domain().equals(n.domain)) {
            return new Target(null, Errno.ESTALE); // another runtime's node
        }
        return new Target(m, 0);
    }

    @Override
    public int create(Caller c, long parent, String name, int mode, int flags, EntryOut entry, OpenOut open) {
        Target t = runtimeOf(c, parent);
        return t.err() != 0 ? t.err() : editable().create(c, t.mount(), parent, name, mode, flags, entry, open);
    }

    @Override
    public int mkdir(Caller c, long parent, String name, int mode, EntryOut out) {
        Target t = runtimeOf(c, parent);
        return t.err() != 0 ? t.err() : editable().mkdir(c, t.mount(), parent, name, mode, out);
    }

    @Override
    public int mknod(Caller c, long parent, String name, int mode, long rdev, EntryOut out) {
        Target t = runtimeOf(c, parent);
        return t.err() != 0 ? t.err() : editable().mknod(c, t.mount(), parent, name, mode, rdev, out);
    }

    @Override
    public int symlink(Caller c, String target, long parent, String name, EntryOut out) {
        Target t = runtimeOf(c, parent);
        return t.err() != 0 ? t.err() : editable().symlink(c, t.mount(), target, parent, name, out);
    }

    @Override
    public int link(Caller c, long ino, long newParent, String newName, EntryOut out) {
        Target src = runtimeOf(c, ino);
        Target t = src.err() != 0 ? src : runtimeOf(c, newParent);
        return t.err() != 0 ? t.err() : editable().link(c, t.mount(), nodes().get(ino), newParent, newName, out);
    }

    @Override
    public int unlink(Caller c, long parent, String name) {
        Target t = runtimeOf(c, parent);
        return t.err() != 0 ? t.err() : changes().unlink(t.mount(), parent, name);
    }

    @Override
    public int rmdir(Caller c, long parent, String name) {
        Target t = runtimeOf(c, parent);
        return t.err() != 0 ? t.err() : changes().rmdir(t.mount(), parent, name);
    }

    @Override
    public int rename(Caller c, long parent, String name, long newParent, String newName, int flags) {
        Target t = runtimeOf(c, parent);
        Target to = t.err() != 0 ? t : runtimeOf(c, newParent);
        return to.err() != 0 ? to.err() : changes().rename(t.mount(), parent, name, newParent, newName, flags);
    }

    @Override
    public int setattr(Caller c, long ino, SetattrIn in, AttrOut out) {
        Target t = runtimeOf(c, ino);
        if (t.err() != 0) {
            return t.err();
        }
        return ino == NodeTable.ROOT ? Errno.EPERM : changes().setattr(c, t.mount(), nodes().get(ino), in, out);
    }

    @Override
    public int write(Caller c, long ino, long fh, ByteBuffer data, long offset, ValueOut out) {
        if (!(handles().get(fh) instanceof Handles.OpenFile f)) {
            return Errno.EBADF;
        }
        if (f.node().isShared()) {
            return Errno.EROFS;
        }
        return editable().write(f, data, offset, out);
    }

    @Override
    public int fsync(Caller c, long ino, long fh, boolean dataOnly) {
        if (handles().get(fh) instanceof Handles.OpenFile f && !f.node().isShared()) {
            return editable().fsync(f);
        }
        return 0;
    }

    /** Extended attributes live in the scratch ({@link ScratchXattrs}); the stack has none. */
    ScratchXattrs xattrs() {
        if (xattrs == null) {
            xattrs = new ScratchXattrs((SpfsFilesystem) this);
        }
        return xattrs;
    }

    private ScratchXattrs xattrs;
    private boolean keepXattrs;

    /**
     * Whether scratches keep extended attributes. Off, getxattr answers ENOSYS, after which the
     * kernel asks no more: otherwise it asks for security.capability before every write to a
     * file, a round trip each (untar into a scratch: 1.56x to 1.92x of passthrough_ll).
     */
    public SpfsFilesystem keepXattrs(boolean on) {
        this.keepXattrs = on;
        return (SpfsFilesystem) this;
    }

    @Override
    public int getxattr(Caller c, long ino, String name, long size, ValueOut out) {
        return keepXattrs ? xattrs().get(c, ino, name, size, out) : Errno.ENOSYS;
    }

    @Override
    public int listxattr(Caller c, long ino, long size, ValueOut out) {
        return keepXattrs ? xattrs().list(c, ino, size, out) : Errno.ENOSYS;
    }

    @Override
    public int setxattr(Caller c, long ino, String name, byte[] value, int flags) {
        Target t = runtimeOf(c, ino);
        if (t.err() != 0) {
            return t.err();
        }
        return keepXattrs ? xattrs().set(c, t.mount(), nodes().get(ino), name, value, flags) : Errno.ENOTSUP;
    }

    @Override
    public int removexattr(Caller c, long ino, String name) {
        Target t = runtimeOf(c, ino);
        if (t.err() != 0) {
            return t.err();
        }
        return keepXattrs ? xattrs().remove(c, t.mount(), nodes().get(ino), name) : Errno.ENOTSUP;
    }

    /** fallocate on a scratch file open for writing, passed to the system's own (ENOTSUP where it has none). */
    @Override
    public int fallocate(Caller c, long ino, long fh, int mode, long offset, long length) {
        Target t = runtimeOf(c, ino);
        if (t.err() != 0) {
            return t.err();
        }
        if (!(handles().get(fh) instanceof Handles.OpenFile f) || !f.writable() || f.node().isShared()) {
            return Errno.EBADF;
        }
        int r = io.spfsd.os.Os.current().fallocate(f.fd(), mode, offset, length);
        return r < 0 ? Errno.ENOTSUP : r;
    }

    /**
     * ENOSYS: the kernel then copies with reads and writes itself (and stops asking), which
     * cp and mv expect; EROFS here would stop them instead of making them fall back.
     */
    @Override
    public int copyFileRange(Caller c, long inIno, long inFh, long inOffset, long outIno, long outFh,
                             long outOffset, long length, int flags, ValueOut out) {
        return Errno.ENOSYS;
    }
}
