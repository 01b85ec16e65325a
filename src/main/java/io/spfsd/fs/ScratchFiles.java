package io.spfsd.fs;

import io.spfsd.node.Scratch;
import io.spfsd.os.DirEntry;
import io.spfsd.os.ErrnoException;
import io.spfsd.os.FileAttrs;
import io.spfsd.os.FileOps;
import io.spfsd.os.OpenDirectory;
import io.spfsd.os.Os;
import io.spfsd.os.Posix;
import io.spfsd.storage.Names;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A scratch's files by their path in the runtime, each reached through its parent directory's
 * descriptor ({@link io.spfsd.node.ScratchDirectories}) with one name: the system's own calls
 * ({@link OpenDirectory}), and their own errno when they fail ({@link ErrnoException}).
 * Paths are runtime-relative, "" being the runtime's root (the upper directory itself).
 */
final class ScratchFiles {
    private static final int ENOTDIR = 20;

    private ScratchFiles() {
    }

    static byte[] name(String rel) {
        return Names.encode(rel.substring(rel.lastIndexOf('/') + 1));
    }

    private static String parent(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash);
    }

    /** rel's parent directory in the scratch, held for the caller. */
    static OpenDirectory parentOf(Scratch s, String rel) throws ErrnoException {
        return s.dirs().of(parent(rel));
    }

    /** A call on rel's name in its parent directory. */
    private interface Call {
        void on(OpenDirectory dir, byte[] name) throws ErrnoException;
    }

    private static void at(Scratch s, String rel, Call call) throws ErrnoException {
        try (OpenDirectory d = parentOf(s, rel)) {
            call.on(d, name(rel));
        }
    }

    /** What lstat says of rel in the scratch; null if the scratch has nothing there. */
    static FileAttrs attrs(Scratch s, String rel) throws ErrnoException {
        if (rel.isEmpty()) {
            return Os.current().attrs(s.upper());
        }
        OpenDirectory d;
        try {
            d = parentOf(s, rel);
        } catch (ErrnoException e) {
            if (e.errno() == Posix.ENOENT || e.errno() == ENOTDIR) {
                return null; // no such directory in the scratch: nothing below it either
            }
            throw e;
        }
        try (d) {
            return d.attrs(name(rel));
        }
    }

    /** open(2) of rel (never through a symlink at rel): the descriptor. */
    static int open(Scratch s, String rel, int flags, int mode) throws ErrnoException {
        try (OpenDirectory d = parentOf(s, rel)) {
            return d.open(name(rel), flags, mode);
        }
    }

    static void mknod(Scratch s, String rel, int mode, long dev) throws ErrnoException {
        at(s, rel, (d, n) -> d.mknod(n, mode, dev));
    }

    static String readlink(Scratch s, String rel) throws ErrnoException {
        try (OpenDirectory d = parentOf(s, rel)) {
            return Names.decode(d.readlink(name(rel)));
        }
    }

    /** An empty file at rel (a whiteout, an opaque marker); EEXIST if something is there. */
    static void createEmpty(Scratch s, String rel) throws ErrnoException {
        at(s, rel, OpenDirectory::createEmpty);
    }

    static void unlink(Scratch s, String rel) throws ErrnoException {
        at(s, rel, (d, n) -> d.unlink(n));
    }

    /** Removes the file at rel if there is one. */
    static void unlinkIfThere(Scratch s, String rel) throws ErrnoException {
        at(s, rel, (d, n) -> d.unlinkIfThere(n));
    }

    /** Removes the directory at rel, with what is left in it (whiteouts, an opaque marker). */
    static void removeDirectory(Scratch s, String rel) throws IOException {
        try (OpenDirectory d = parentOf(s, rel)) {
            ScratchTree.deleteContents(d.pathOf(name(rel)));
            d.rmdir(name(rel));
        } finally {
            s.dirs().forget(rel);
        }
    }

    /**
     * Moves from to to (flags as rename's: 0, NOREPLACE, EXCHANGE). When directories move
     * (directories: one is at from or to), what is held of both places is forgotten.
     */
    static void rename(Scratch s, String from, String to, int flags, boolean directories) throws ErrnoException {
        try (OpenDirectory a = parentOf(s, from); OpenDirectory b = parentOf(s, to)) {
            a.rename(name(from), b, name(to), flags);
        } finally {
            if (directories) {
                s.dirs().forget(from);
                s.dirs().forget(to);
            }
        }
    }

    /** A new file name in dir (O_EXCL) holding a copy of source, mode 0600 until the caller sets its own. */
    static void copyIn(OpenDirectory dir, byte[] name, Path source) throws IOException {
        int in = FileOps.open(source, Posix.O_RDONLY, 0);
        if (in < 0) {
            throw new ErrnoException(-in, "open " + source);
        }
        try {
            int out = dir.open(name, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_EXCL, 0600);
            try {
                long r = FileOps.copy(in, out);
                if (r < 0) {
                    throw new ErrnoException((int) -r, "copy from " + source);
                }
            } finally {
                Posix.close(out);
            }
        } finally {
            Posix.close(in);
        }
    }

    /** The scratch directory rel's entries, each with its lstat (null where it went meanwhile). */
    static List<DirEntry> list(Scratch s, String rel) throws IOException {
        if (rel.isEmpty()) {
            return entries(s.upper());
        }
        try (OpenDirectory d = parentOf(s, rel)) {
            return entries(d.pathOf(name(rel)));
        }
    }

    private static List<DirEntry> entries(Path dir) throws IOException {
        List<DirEntry> listed = Os.current().list(dir);
        if (listed != null) {
            return listed;
        }
        List<DirEntry> out = new java.util.ArrayList<>(); // a system that lists only the Java way
        try (var stream = java.nio.file.Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                out.add(new DirEntry(Names.encode(ScratchPaths.name(p)), Os.current().stat(p)));
            }
        }
        return out;
    }

    /** What a path-only call (the xattr calls) makes of rel, while its parent is held. */
    interface AtPath<T> {
        T apply(Path p);
    }

    static <T> T atPath(Scratch s, String rel, AtPath<T> call) throws ErrnoException {
        if (rel.isEmpty()) {
            return call.apply(s.upper());
        }
        try (OpenDirectory d = parentOf(s, rel)) {
            return call.apply(d.pathOf(name(rel)));
        }
    }
}
