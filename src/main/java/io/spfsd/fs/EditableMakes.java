package io.spfsd.fs;

import io.spfsd.fs.Overlay.Found;
import io.spfsd.fs.Overlay.Upper;
import io.spfsd.fs.api.Caller;
import io.spfsd.fs.api.EntryOut;
import io.spfsd.fs.api.Errno;
import io.spfsd.fs.api.OpenOut;
import io.spfsd.node.Handles;
import io.spfsd.node.Mount;
import io.spfsd.node.Node;
import io.spfsd.node.Scratch;
import io.spfsd.os.Posix;
import java.io.IOException;

/**
 * What an editable runtime makes: mkdir, mknod, symlink, create and link, each in the scratch,
 * its parents copied up from the stack first. A thing is made, owned, chmod'ed and stat'ed
 * through one held parent directory, so a parent moved meanwhile is followed, never looked for
 * again under its old name.
 */
final class EditableMakes {
    private final Editable ed;
    private final SpfsFilesystem fs;

    EditableMakes(Editable ed, SpfsFilesystem fs) {
        this.ed = ed;
        this.fs = fs;
    }


    /** Creates something at parent/name with make (which may assume the scratch's parents exist). */
    private int make(Caller c, Mount m, long parent, String name, EntryOut out, Maker make) {
        String rel = ed.child(parent, name);
        if (rel == null) {
            return Errno.ESTALE;
        }
        if (Scratch.isReserved(name)) {
            return Errno.EPERM;
        }
        try {
            if (Overlay.find(m, rel) != null) {
                return Errno.EEXIST;
            }
            Overlay.copyUpParents(m, rel);
            boolean inStack = Overlay.inStack(m, rel);
            if (inStack) {
                Overlay.unWhiteOut(m, rel); // only a name the stack has can have been whited out
            }
            Found made;
            // One parent directory for the whole making: one moved meanwhile is followed, not looked for again.
            try (io.spfsd.os.OpenDirectory dir = ScratchFiles.parentOf(m.scratch(), rel)) {
                byte[] n = ScratchFiles.name(rel);
                make.make(dir, n, rel, inStack);
                if (io.spfsd.os.Users.isRoot()) {
                    dir.chown(n, c.uid, c.gid);
                }
                io.spfsd.os.FileAttrs a = dir.attrs(n);
                made = a == null ? null : new Upper(rel, a);
            }
            if (made == null) {
                return Errno.ENOENT; // removed as soon as it was made
            }
            ed.entry(out, m, parent, name, node(m, parent, name, made), made);
            return 0;
        } catch (IOException e) {
            return Editable.errno(e);
        }
    }

    /**
     * The node of what was just made at (parent, name). A directory made where another runtime's
     * directory node is (this runtime did not show it) gets a place of its own: that node's
     * kernel entries are the other runtime's.
     */
    private Node node(Mount m, long parent, String name, Found made) {
        if (made == null || !(made instanceof Upper u && u.isDirectory())) {
            return fs.nodes().lookupPrivate(m.scratch().domain(), parent, name);
        }
        Node there = fs.nodes().peekPosition(parent, name);
        if (there != null) {
            fs.nodes().removeName(there, parent, name);
        }
        return fs.nodes().lookupPosition(parent, name);
    }

    /** Makes one thing, name in dir (rel in the runtime); deleted says the stack had something there (now whited out). */
    private interface Maker {
        void make(io.spfsd.os.OpenDirectory dir, byte[] name, String rel, boolean deleted) throws IOException;
    }

    int mkdir(Caller c, Mount m, long parent, String name, int mode, EntryOut out) {
        return make(c, m, parent, name, out, (dir, n, at, deleted) -> {
            dir.mkdir(n, mode);
            if (deleted) {
                Overlay.makeOpaque(m, at, dir, n); // the stack's old directory stays hidden
            }
            dir.chmod(n, mode);
        });
    }

    int mknod(Caller c, Mount m, long parent, String name, int mode, long rdev, EntryOut out) {
        if (io.spfsd.storage.Whiteouts.isDevice(name, mode, rdev)) {
            return Errno.EPERM; // a character device 0/0 of so long a name is how the scratch deletes one
        }
        // The daemon's own umask must not take bits off: the kernel applied the caller's already.
        return make(c, m, parent, name, out, (dir, n, at, deleted) -> {
            dir.mknod(n, mode, rdev);
            dir.chmod(n, mode & 07777);
        });
    }

    int symlink(Caller c, Mount m, String target, long parent, String name, EntryOut out) {
        return make(c, m, parent, name, out,
                (dir, n, at, deleted) -> dir.symlink(io.spfsd.storage.Names.encode(target), n));
    }

    int create(Caller c, Mount m, long parent, String name, int mode, int flags, EntryOut entry, OpenOut open) {
        int[] fd = {-1};
        int err = make(c, m, parent, name, entry, (dir, n, at, deleted) -> {
            fd[0] = dir.open(n, flags | Posix.O_CREAT | Posix.O_EXCL, mode & 07777);
            // as mknod: the caller's umask is applied already, the daemon's must not be
            dir.chmod(n, mode & 07777);
        });
        if (err != 0) {
            if (fd[0] >= 0) {
                Posix.close(fd[0]);
            }
            return err;
        }
        Node n = fs.nodes().get(entry.ino);
        open.fh = fs.handles().add(new Handles.OpenFile(m, n, fd[0], true));
        return 0;
    }

    int link(Caller c, Mount m, Node source, long newParent, String newName, EntryOut out) {
        String from = ed.path(source.id);
        try {
            Found f = from == null ? null : Overlay.find(m, from);
            if (f == null) {
                return Errno.ENOENT;
            }
            Overlay.inScratch(m, from, f, fs.repo());
            int err = make(c, m, newParent, newName, out, (dir, n, at, deleted) -> {
                try (io.spfsd.os.OpenDirectory src = ScratchFiles.parentOf(m.scratch(), from)) {
                    src.link(ScratchFiles.name(from), dir, n);
                }
            });
            if (err == 0) {
                // The kernel must see one inode with two names: answer with the source's id (and
                // count the kernel's new reference to it), so its link count updates at once.
                fs.nodes().forget(out.ino, 1);
                fs.nodes().addName(source, newParent, newName);
                fs.nodes().retain(source);
                Found now = Overlay.find(m, from);
                ed.entry(out, m, newParent, newName, source,
                        now != null ? now : Overlay.find(m, ed.child(newParent, newName)));
            }
            return err;
        } catch (IOException e) {
            return Editable.errno(e);
        }
    }
}
