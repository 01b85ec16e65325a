package io.spfsd.fs;

import io.spfsd.node.Handles;
import io.spfsd.node.Mount;
import io.spfsd.node.Scratch;
import io.spfsd.os.FileOps;
import io.spfsd.storage.Entry;
import io.spfsd.storage.Repository;
import io.spfsd.storage.Tree;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private Overlay() {
    }

    /** Where a path lives: in the scratch (upper, a real file) or only in the stack (lower). */
    sealed interface Found permits Upper, Lower {
    }

    record Upper(Path path, io.spfsd.os.FileAttrs attrs) implements Found {
        int mode() {
            return attrs.mode();
        }

        boolean isDirectory() {
            return attrs.isDirectory();
        }
    }

    record Lower(Entry entry, Tree tree) implements Found {
    }

    /** Whether a whiteout for name fits NAME_MAX: ".wh." takes 4 of the 255 bytes. */
    static boolean canWhiteOut(String name) {
        return io.spfsd.storage.Names.encodedLength(name) + Scratch.WHITEOUT_PREFIX.length() <= 255;
    }

    /** Removes the whiteout of the name at up, if there is one (there cannot be for a name too long to have one). */
    static void unWhiteOut(Path up) throws IOException {
        String name = ScratchPaths.name(up);
        if (canWhiteOut(name)) {
            Files.deleteIfExists(ScratchPaths.child(up.getParent(), Scratch.WHITEOUT_PREFIX + name));
        }
    }

    /** Hides the stack's rel (in the scratch at up). Names over 251 bytes cannot be hidden (ENAMETOOLONG). */
    static void whiteOut(Mount m, String rel, Path up) throws IOException {
        String name = ScratchPaths.name(up);
        if (!canWhiteOut(name)) {
            throw new java.nio.file.FileSystemException(up.toString(), null, "File name too long");
        }
        Files.createFile(ScratchPaths.child(up.getParent(), Scratch.WHITEOUT_PREFIX + name));
        m.scratch().marks().hide(rel);
    }

    /** The scratch's directory rel (at up) hides the stack's directory below it. */
    static void makeOpaque(Mount m, String rel, Path up) throws IOException {
        Files.createFile(up.resolve(Scratch.OPAQUE));
        m.scratch().marks().hide(rel);
    }

    /** Whether the scratch hides the stack at rel or above it ({@link io.spfsd.node.ScratchMarks}). */
    static boolean hidden(Mount m, String rel) {
        return m.scratch().marks().hides(rel, () -> MarkScan.of(m));
    }

    /** Where rel is in the scratch, as a path the system takes however long rel is (Os.reachable). */
    static Path upper(Mount m, String rel) {
        return rel.isEmpty() ? m.scratch().upper()
                : io.spfsd.os.Os.current().reachable(ScratchPaths.at(m.scratch().upper(), rel));
    }

    static boolean isDirectory(Path p) {
        io.spfsd.os.FileAttrs a = io.spfsd.os.Os.current().attrs(p);
        return a != null && a.isDirectory();
    }

    /** Everything getattr needs of the scratch's p, in one stat (block count included). */
    static io.spfsd.os.FileAttrs attrs(Path p) throws IOException {
        io.spfsd.os.FileAttrs a = io.spfsd.os.Os.current().attrs(p);
        if (a == null) {
            throw new java.nio.file.NoSuchFileException(p.toString());
        }
        return a;
    }

    /** rel in the runtime, or null if there is no such path. */
    static Found find(Mount m, String rel) {
        Path up = upper(m, rel);
        io.spfsd.os.FileAttrs a = io.spfsd.os.Os.current().attrs(up);
        if (a != null) {
            return new Upper(up, a);
        }
        // not in the scratch (no exception made for it: this is most lookups of a stack file)
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

    /** Whether the runtime shows a directory at rel. */
    static boolean showsDirectory(Mount m, String rel) {
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
        if (f instanceof Upper u) { // found a directory in the scratch: its names first
            try (DirectoryStream<Path> s = Files.newDirectoryStream(u.path())) {
                for (Path p : s) {
                    String name = ScratchPaths.name(p);
                    if (Scratch.isReserved(name)) {
                        if (!Scratch.isTemporary(name)) {
                            hidden.add(name.substring(Scratch.WHITEOUT_PREFIX.length()));
                        }
                        continue;
                    }
                    hidden.add(name);
                    out.add(new Handles.Listed(name, attrs(p).mode()));
                }
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
            Files.createDirectories(m.scratch().upper());
            return;
        }
        String parent = rel.substring(0, slash);
        Path up = upper(m, parent);
        if (isDirectory(up)) {
            return;
        }
        copyUpParents(m, parent);
        // again: a path too long to pass whole is reached through its parent, which exists only now
        up = upper(m, parent);
        Found f = find(m, parent);
        int mode = f instanceof Lower l && l.entry() != null ? l.entry().permissions() : 0755;
        try {
            Files.createDirectory(up);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (isDirectory(up)) {
                return; // another thread of the runtime copied it up first: the same directory
            }
            throw e;
        }
        FileOps.chmod(up, mode);
        own(m, up);
    }

    /** What the daemon copies up in another user's scratch is that user's, as the stack showed it. */
    private static void own(Mount m, Path p) throws IOException {
        if (m.scratch().ownedByAnother() && FileOps.lchown(p, m.scratch().uid(), m.scratch().gid()) != 0) {
            throw new IOException("cannot give " + p + " to user " + m.scratch().uid());
        }
    }

    /**
     * Where rel (found as f) is in the scratch, copying it up first if only the stack has it.
     * The copy is made under rel's lock and after looking again, so that concurrent first
     * writes copy it once and all write to the one copy.
     */
    static Path inScratch(Mount m, String rel, Found f, Repository repo) throws IOException {
        if (f instanceof Upper u) {
            return u.path();
        }
        return forWriting(m, rel, repo);
    }

    /** Where rel is in the scratch, copied up first if only the stack has it; found once, under rel's lock. */
    static Path forWriting(Mount m, String rel, Repository repo) throws IOException {
        try (var held = m.scratch().locks().hold(rel)) {
            return switch (find(m, rel)) {
                case Upper u -> u.path();
                case Lower l -> copyUp(m, rel, l.entry(), repo);
                case null -> throw new NoSuchFileException(rel); // removed while we waited
            };
        }
    }

    /** The stack's file at rel becomes the scratch's; an incomplete copy is never at rel. */
    private static Path copyUp(Mount m, String rel, Entry e, Repository repo) throws IOException {
        copyUpParents(m, rel);
        Path up = upper(m, rel);
        switch (e.kind()) {
            case FILE -> {
                Path tmp = up.resolveSibling(Scratch.COPY_UP_PREFIX + Long.toHexString(System.nanoTime()));
                try {
                    Files.copy(repo.payloadPath(e.digest()), tmp, StandardCopyOption.REPLACE_EXISTING);
                    own(m, tmp); // first: a chown takes setuid and setgid bits off
                    FileOps.chmod(tmp, e.permissions());
                    Files.move(tmp, up, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp); // a full scratch keeps no half copy
                }
            }
            case SYMLINK -> {
                int err = io.spfsd.storage.RawPaths.createSymlink(up, e.linkTarget());
                if (err != 0) {
                    throw new IOException("cannot copy up the symlink " + rel + " (errno " + err + ")");
                }
                own(m, up);
            }
            case DIRECTORY -> {
                Files.createDirectory(up);
                FileOps.chmod(up, e.permissions());
                own(m, up);
            }
            default -> throw new IOException("cannot copy up " + e.kind());
        }
        return up;
    }
}
