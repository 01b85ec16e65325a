package io.spfsd.fs;

import io.spfsd.fs.Overlay.Found;
import io.spfsd.fs.Overlay.Lower;
import io.spfsd.fs.Overlay.Upper;
import io.spfsd.fs.api.AttrOut;
import io.spfsd.fs.api.Caller;
import io.spfsd.fs.api.Errno;
import io.spfsd.fs.api.SetattrIn;
import io.spfsd.node.Mount;
import io.spfsd.node.Node;
import io.spfsd.node.Scratch;
import io.spfsd.os.Posix;
import java.io.IOException;

/**
 * An editable runtime's changes to what exists: unlink, rmdir, rename and setattr. Deleting
 * what the stack has leaves a whiteout; changing it copies it up first.
 */
final class EditableChanges {
    private final Editable ed;
    private final SpfsFilesystem fs;

    EditableChanges(Editable ed, SpfsFilesystem fs) {
        this.ed = ed;
        this.fs = fs;
    }

    private static boolean isDir(Found f) {
        return f instanceof Upper u ? u.isDirectory() : ((Lower) f).tree() != null;
    }

    /** Removes rel (a file, or an empty directory) from the runtime. */
    private void remove(Mount m, String rel, String name, Found f) throws IOException {
        if (f instanceof Upper u) {
            if (u.isDirectory()) {
                ScratchFiles.removeDirectory(m.scratch(), rel); // seen as empty: it holds at most whiteouts
            } else {
                ScratchFiles.unlink(m.scratch(), rel);
            }
        }
        if (Overlay.inStack(m, rel)) {
            Overlay.copyUpParents(m, rel);
            Overlay.whiteOut(m, rel);
        }
    }

    private void forgetPlace(Mount m, long parent, String name) {
        Node n = fs.nodes().peek(m.scratch().domain(), parent, name);
        if (n != null) {
            fs.nodes().removeName(n, parent, name); // a new file of this name must get a new id
        }
    }

    /** op, holding rel's lock (PathLocks); ESTALE if the parent's place is gone (rel null). */
    private static int holding(Mount m, String rel, java.util.function.IntSupplier op) {
        if (rel == null) {
            return Errno.ESTALE;
        }
        try (var held = m.scratch().locks().hold(rel)) {
            return op.getAsInt();
        }
    }

    int unlink(Mount m, long parent, String name) {
        String rel = ed.child(parent, name);
        return holding(m, rel, () -> unlink(m, parent, name, rel));
    }

    private int unlink(Mount m, long parent, String name, String rel) {
        try {
            Found f = Overlay.find(m, rel);
            if (f == null) {
                return Errno.ENOENT;
            }
            if (isDir(f)) {
                return Errno.EISDIR;
            }
            remove(m, rel, name, f);
            forgetPlace(m, parent, name);
            return 0;
        } catch (IOException e) {
            return Editable.errno(e);
        }
    }

    int rmdir(Mount m, long parent, String name) {
        String rel = ed.child(parent, name);
        return holding(m, rel, () -> rmdir(m, parent, name, rel));
    }

    private int rmdir(Mount m, long parent, String name, String rel) {
        try {
            Found f = Overlay.find(m, rel);
            if (f == null) {
                return Errno.ENOENT;
            }
            if (!isDir(f)) {
                return Errno.ENOTDIR;
            }
            if (!Overlay.list(m, rel).isEmpty()) {
                return Errno.ENOTEMPTY;
            }
            remove(m, rel, name, f);
            forgetPlace(m, parent, name);
            return 0;
        } catch (IOException e) {
            return Editable.errno(e);
        }
    }

    int rename(Mount m, long parent, String name, long newParent, String newName, int flags) {
        String from = ed.child(parent, name);
        String to = ed.child(newParent, newName);
        if (from == null || to == null) {
            return Errno.ESTALE;
        }
        try (var held = m.scratch().locks().hold(from, to)) {
            return rename(m, parent, name, newParent, newName, flags, from, to);
        } catch (IOException e) {
            return Editable.errno(e);
        }
    }

    private int rename(Mount m, long parent, String name, long newParent, String newName, int flags,
            String from, String to) throws IOException {
        if ((flags & Posix.RENAME_EXCHANGE) != 0) {
            return exchange(m, parent, name, newParent, newName, from, to);
        }
        if (Scratch.isReserved(newName)) {
            return Errno.EPERM;
        }
        Found src = Overlay.find(m, from);
        if (src == null) {
            return Errno.ENOENT;
        }
        if (to.equals(from)) {
            return 0;
        }
        if (to.startsWith(from + "/")) {
            return Errno.EINVAL; // a directory into itself
        }
        Found dst = Overlay.find(m, to);
        if (dst != null) {
            if ((flags & Posix.RENAME_NOREPLACE) != 0) {
                return Errno.EEXIST;
            }
            if (isDir(src) && !isDir(dst)) {
                return Errno.ENOTDIR;
            }
            if (!isDir(src) && isDir(dst)) {
                return Errno.EISDIR;
            }
        }
        if (isDir(src) && Overlay.inStack(m, from)) {
            return Errno.EXDEV; // like overlayfs: mv copies a stack directory instead
        }
        if (dst != null && isDir(dst)) {
            if (!Overlay.list(m, to).isEmpty()) {
                return Errno.ENOTEMPTY;
            }
            remove(m, to, newName, dst);
        }
        Overlay.inScratch(m, from, src, fs.repo());
        Overlay.copyUpParents(m, to);
        Overlay.unWhiteOut(m, to);
        ScratchFiles.rename(m.scratch(), from, to, 0, isDir(src));
        if (isDir(src) && Overlay.stackHasDirectory(m, to)) {
            // what the stack had there stays deleted, after a restart and in a commit too
            Overlay.makeOpaque(m, to);
        }
        if (Overlay.inStack(m, from)) {
            Overlay.whiteOut(m, from);
        }
        Node moved = fs.nodes().peek(m.scratch().domain(), parent, name);
        forgetPlace(m, newParent, newName);
        if (moved != null) {
            fs.nodes().movePrivate(moved, parent, name, newParent, newName);
        }
        return 0;
    }

    /**
     * RENAME_EXCHANGE: both exist and swap, each keeping its node id. A directory the stack
     * has cannot move (EXDEV, as for rename): its stack contents would not follow it.
     */
    private int exchange(Mount m, long parent, String name, long newParent, String newName, String from, String to)
            throws IOException {
        Found a = Overlay.find(m, from);
        Found b = Overlay.find(m, to);
        if (a == null || b == null) {
            return Errno.ENOENT;
        }
        if ((isDir(a) && Overlay.inStack(m, from)) || (isDir(b) && Overlay.inStack(m, to))) {
            return Errno.EXDEV;
        }
        if (to.startsWith(from + "/") || from.startsWith(to + "/")) {
            return Errno.EINVAL;
        }
        {
            Overlay.inScratch(m, from, a, fs.repo());
            Overlay.inScratch(m, to, b, fs.repo());
            ScratchFiles.rename(m.scratch(), from, to, Posix.RENAME_EXCHANGE, isDir(a) || isDir(b));
            Node na = fs.nodes().peek(m.scratch().domain(), parent, name);
            Node nb = fs.nodes().peek(m.scratch().domain(), newParent, newName);
            if (na != null && nb != null) {
                fs.nodes().swapPrivate(na, nb);
            } else if (na != null) {
                fs.nodes().movePrivate(na, newParent, newName);
            } else if (nb != null) {
                fs.nodes().movePrivate(nb, parent, name);
            }
            return 0;
        }
    }

    int setattr(Caller c, Mount m, Node n, SetattrIn in, AttrOut out) {
        String rel = ed.path(n.id);
        if (rel == null) {
            return Errno.ENOENT;
        }
        try {
            Overlay.forWriting(m, rel, fs.repo()); // looked up once, under its lock
            try (io.spfsd.os.OpenDirectory dir = ScratchFiles.parentOf(m.scratch(), rel)) { // one parent for all
                byte[] name = ScratchFiles.name(rel);
                if (in.has(SetattrIn.SET_MODE)) {
                    dir.chmod(name, in.mode);
                }
                if (in.has(SetattrIn.SET_UID) || in.has(SetattrIn.SET_GID)) {
                    dir.chown(name, in.has(SetattrIn.SET_UID) ? in.uid : -1, in.has(SetattrIn.SET_GID) ? in.gid : -1);
                }
                if (in.has(SetattrIn.SET_SIZE)) {
                    dir.truncate(name, in.size);
                }
                if (in.has(SetattrIn.SET_ATIME) || in.has(SetattrIn.SET_MTIME)) {
                    dir.utimens(name,
                            in.atimeSec, time(in, SetattrIn.SET_ATIME, SetattrIn.SET_ATIME_NOW, in.atimeNsec),
                            in.mtimeSec, time(in, SetattrIn.SET_MTIME, SetattrIn.SET_MTIME_NOW, in.mtimeNsec));
                }
            }
            return ed.getattr(m, n, out);
        } catch (IOException e) {
            return Editable.errno(e);
        }
    }

    private static long time(SetattrIn in, int set, int now, long nsec) {
        return !in.has(set) ? Posix.UTIME_OMIT : in.has(now) ? Posix.UTIME_NOW : nsec;
    }
}
