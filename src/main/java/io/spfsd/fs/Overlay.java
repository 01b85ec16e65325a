package io.spfsd.fs;

import io.spfsd.node.Handles;
import io.spfsd.node.Mount;
import io.spfsd.node.Scratch;
import io.spfsd.os.ErrnoException;
import io.spfsd.os.OpenDirectory;
import io.spfsd.storage.Entry;
import io.spfsd.storage.Repository;
import io.spfsd.storage.Tree;
import io.spfsd.storage.Whiteouts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a path is in an editable runtime: the scratch's upper tree over the read-only stack,
 * overlay style ({@link Scratch}). A name in the upper tree hides the stack's; a whiteout
 * deletes the stack's; an opaque upper directory hides the stack's directory below it.
 * Paths are relative to the runtime's root, "" being the root itself.
 */
final class Overlay {
    private Overlay() {
    }

    /** Where a path lives: in the scratch (upper, a real file) or only in the stack (lower). */
    sealed interface Found permits Upper, Lower {
    }

    /** rel in the scratch, with what lstat said of it (rel null: a file no longer named, open still). */
    record Upper(String rel, io.spfsd.os.FileAttrs attrs) implements Found {
        int mode() {
            return attrs.mode();
        }

        boolean isDirectory() {
            return attrs.isDirectory();
        }
    }

    record Lower(Entry entry, Tree tree) implements Found {
    }

    private static String whiteoutOf(String rel) {
        int slash = rel.lastIndexOf('/');
        return rel.substring(0, slash + 1) + Scratch.WHITEOUT_PREFIX + rel.substring(slash + 1);
    }

    private static String lastName(String rel) {
        return rel.substring(rel.lastIndexOf('/') + 1);
    }

    /** Removes the whiteout of rel, if there is one. */
    static void unWhiteOut(Mount m, String rel) throws IOException {
        if (Whiteouts.fitsPrefix(lastName(rel))) {
            ScratchFiles.unlinkIfThere(m.scratch(), whiteoutOf(rel));
            return;
        }
        io.spfsd.os.FileAttrs a = ScratchFiles.attrs(m.scratch(), rel);
        if (a != null && Whiteouts.isDevice(lastName(rel), a.mode(), a.rdev())) {
            ScratchFiles.unlink(m.scratch(), rel);
        }
    }

    /** Hides the stack's rel: a file ".wh.NAME" beside it, or for a name too long for that, a character device 0/0 at it. */
    static void whiteOut(Mount m, String rel) throws IOException {
        if (Whiteouts.fitsPrefix(lastName(rel))) {
            ScratchFiles.createEmpty(m.scratch(), whiteoutOf(rel));
        } else {
            ScratchFiles.mknod(m.scratch(), rel, S_IFCHR, 0);
        }
        m.scratch().marks().hide(rel);
    }

    private static final int S_IFCHR = 0020000;

    /** The same for the directory just made as name in dir (rel in the runtime). */
    static void makeOpaque(Mount m, String rel, io.spfsd.os.OpenDirectory dir, byte[] name) throws IOException {
        try (io.spfsd.os.OpenDirectory made = dir.child(name)) {
            made.createEmpty(io.spfsd.storage.Names.encode(Scratch.OPAQUE));
        }
        m.scratch().marks().hide(rel);
    }

    /** The scratch's directory rel (not the root) hides the stack's directory below it. */
    static void makeOpaque(Mount m, String rel) throws IOException {
        try (io.spfsd.os.OpenDirectory dir = ScratchFiles.parentOf(m.scratch(), rel)) {
            makeOpaque(m, rel, dir, ScratchFiles.name(rel));
        }
    }

    /** Whether the scratch hides the stack at rel or above it ({@link io.spfsd.node.ScratchMarks}). */
    static boolean hidden(Mount m, String rel) {
        return m.scratch().marks().hides(rel, () -> MarkScan.of(m));
    }

    /**
     * rel in the runtime, or null if there is no such path. A failure to read the scratch
     * other than "not there" (EACCES, EIO) is that failure, never the stack's copy served instead.
     */
    static Found find(Mount m, String rel) throws ErrnoException {
        io.spfsd.os.FileAttrs a = ScratchFiles.attrs(m.scratch(), rel);
        if (a != null) {
            return Whiteouts.isDevice(lastName(rel), a.mode(), a.rdev()) ? null : new Upper(rel, a);
        }
        if (rel.isEmpty()) {
            return new Lower(Entry.directory("root", 0755, m.view().root().digest()), m.view().root());
        }
        return stack(m, rel);
    }

    /** rel in the stack, unless the scratch hides it there or above (whiteout, opaque directory, a file in its way). */
    private static Lower stack(Mount m, String rel) {
        Entry e = m.view().entryAt(rel);
        if (e == null || hidden(m, rel)) {
            return null;
        }
        return new Lower(e, e.isDirectory() ? m.view().merged().trees().get(e.digest()) : null);
    }

    /** Whether scratch directory rel's entry name (of mode, as listed) is a whiteout of the device form. */
    static boolean isWhiteoutDevice(Mount m, String rel, String name, int mode) throws ErrnoException {
        if (!Whiteouts.mayBeDevice(name, mode)) {
            return false;
        }
        io.spfsd.os.FileAttrs a = ScratchFiles.attrs(m.scratch(), rel.isEmpty() ? name : rel + "/" + name);
        return a != null && Whiteouts.isDevice(name, a.mode(), a.rdev());
    }

    /** Whether the runtime shows a directory at rel. */
    static boolean showsDirectory(Mount m, String rel) throws ErrnoException {
        Found f = find(m, rel);
        return f instanceof Upper u ? u.isDirectory() : f instanceof Lower l && l.tree() != null;
    }

    /** Whether the stack has a directory at rel (whatever the scratch did to it). */
    static boolean stackHasDirectory(Mount m, String rel) {
        Entry e = m.view().entryAt(rel);
        return e != null && e.isDirectory();
    }

    /** Whether the stack has rel (whatever the scratch did to it): deleting it needs a whiteout. */
    static boolean inStack(Mount m, String rel) {
        return m.view().entryAt(rel) != null;
    }

    /** The directory's entries, scratch over stack, in name order; null if rel is not a directory. */
    static List<Handles.Listed> list(Mount m, String rel) throws IOException {
        Found f = find(m, rel);
        if (f == null || (f instanceof Upper u && !u.isDirectory()) || (f instanceof Lower l && l.tree() == null)) {
            return null;
        }
        Set<String> hidden = new LinkedHashSet<>();
        List<Handles.Listed> out = new ArrayList<>();
        if (f instanceof Upper) { // found a directory in the scratch: its names first
            for (io.spfsd.os.DirEntry d : ScratchFiles.list(m.scratch(), rel)) {
                String name = io.spfsd.storage.Names.decode(d.name());
                if (Scratch.isReserved(name)) {
                    if (!Scratch.isTemporary(name)) {
                        hidden.add(name.substring(Scratch.WHITEOUT_PREFIX.length()));
                    }
                    continue;
                }
                if (d.stat() == null) {
                    continue; // removed between the listing and its stat
                }
                hidden.add(name);
                if (isWhiteoutDevice(m, rel, name, d.stat().mode())) {
                    continue;
                }
                out.add(new Handles.Listed(name, d.stat().mode()));
            }
        }
        // what the stack has there, unless hidden: found already when the scratch has no such directory
        Lower lower = f instanceof Lower l ? l : rel.isEmpty() ? new Lower(null, m.view().root()) : stack(m, rel);
        if (lower != null && lower.tree() != null) {
            for (Entry e : lower.tree().entries()) {
                if (!hidden.contains(e.name())) {
                    out.add(new Handles.Listed(e.name(), e.mode()));
                }
            }
        }
        out.sort((a, b) -> io.spfsd.storage.Names.compare(a.name(), b.name()));
        return out;
    }

    /**
     * Makes sure rel's parent directories exist in the scratch (copied up from the stack with
     * their modes), so something can be created at rel.
     */
    static void copyUpParents(Mount m, String rel) throws IOException {
        int slash = rel.lastIndexOf('/');
        if (slash < 0) {
            return; // the upper directory is there while the runtime is
        }
        String parent = rel.substring(0, slash);
        Found f = find(m, parent);
        if (f instanceof Upper u && u.isDirectory()) {
            return; // in the scratch already (made, moved here, or copied up by another thread)
        }
        if (!(f instanceof Lower l) || l.tree() == null) {
            // Only the stack's directories are copied up: one the runtime no longer shows there
            // (moved or removed meanwhile) is not made again under its old name.
            throw new ErrnoException(f == null ? io.spfsd.fs.api.Errno.ENOENT : io.spfsd.fs.api.Errno.ENOTDIR, parent);
        }
        copyUpParents(m, parent);
        int mode = l.entry() != null ? l.entry().permissions() : 0755;
        try (OpenDirectory dir = ScratchFiles.parentOf(m.scratch(), parent)) {
            byte[] name = ScratchFiles.name(parent);
            try {
                dir.mkdir(name, mode);
            } catch (ErrnoException e) {
                io.spfsd.os.FileAttrs there = e.errno() == io.spfsd.fs.api.Errno.EEXIST ? dir.attrs(name) : null;
                if (there != null && there.isDirectory()) {
                    return; // another thread of the runtime copied it up first: the same directory
                }
                throw e;
            }
            dir.chmod(name, mode); // the daemon's umask must not take bits off
            own(m, dir, name);
        }
    }

    /** What the daemon copies up in another user's scratch is that user's, as the stack showed it. */
    private static void own(Mount m, OpenDirectory dir, byte[] name) throws ErrnoException {
        if (m.scratch().ownedByAnother()) {
            dir.chown(name, m.scratch().uid(), m.scratch().gid());
        }
    }

    /**
     * Where rel (found as f) is in the scratch, copying it up first if only the stack has it.
     * The copy is made under rel's lock and after looking again, so that concurrent first
     * writes copy it once and all write to the one copy.
     */
    static void inScratch(Mount m, String rel, Found f, Repository repo) throws IOException {
        if (!(f instanceof Upper)) {
            forWriting(m, rel, repo);
        }
    }

    /** Makes sure rel is in the scratch, copied up first if only the stack has it; found once, under rel's lock. */
    static void forWriting(Mount m, String rel, Repository repo) throws IOException {
        try (var held = m.scratch().locks().hold(rel)) {
            switch (find(m, rel)) {
                case Upper u -> { }
                case Lower l -> copyUp(m, rel, l.entry(), repo);
                case null -> throw new ErrnoException(io.spfsd.fs.api.Errno.ENOENT, rel); // removed while we waited
            }
        }
    }

    /**
     * The stack's file at rel becomes the scratch's; an incomplete copy is never at rel. Made in
     * one held parent directory, from the temporary copy to its rename into place.
     */
    private static void copyUp(Mount m, String rel, Entry e, Repository repo) throws IOException {
        copyUpParents(m, rel);
        try (OpenDirectory dir = ScratchFiles.parentOf(m.scratch(), rel)) {
            byte[] name = ScratchFiles.name(rel);
            switch (e.kind()) {
                case FILE -> {
                    byte[] tmp = io.spfsd.storage.Names.encode(Scratch.COPY_UP_PREFIX + Long.toHexString(System.nanoTime()));
                    boolean moved = false;
                    try {
                        ScratchFiles.copyIn(dir, tmp, repo.payloadPath(e.digest()));
                        own(m, dir, tmp); // first: a chown takes setuid and setgid bits off
                        dir.chmod(tmp, e.permissions());
                        dir.rename(tmp, dir, name, 0);
                        moved = true;
                    } finally {
                        if (!moved) {
                            dir.unlinkIfThere(tmp); // a full scratch keeps no half copy
                        }
                    }
                }
                case SYMLINK -> {
                    dir.symlink(io.spfsd.storage.Names.encode(e.linkTarget()), name);
                    own(m, dir, name);
                }
                case DIRECTORY -> {
                    dir.mkdir(name, e.permissions());
                    dir.chmod(name, e.permissions());
                    own(m, dir, name);
                }
                default -> throw new ErrnoException(io.spfsd.fs.api.Errno.EINVAL, "cannot copy up " + e.kind());
            }
        }
    }
}
