package io.spfsd.fs;

import io.spfsd.fs.api.KernelCache;
import io.spfsd.node.Mount;
import io.spfsd.node.Node;
import io.spfsd.node.NodeTable;
import io.spfsd.node.Scratch;
import io.spfsd.os.DirEntry;
import io.spfsd.os.ErrnoException;
import io.spfsd.os.FileStat;
import io.spfsd.storage.Names;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an editable runtime changed (diff) and dropping changes (reset), read from its
 * scratch against its stack.
 */
public final class ScratchChanges {

    /** One change: kind is "added", "changed" or "deleted"; path relative to the runtime's root. */
    public record Change(String kind, String path) {
    }

    private ScratchChanges() {
    }

    /** Told the number of scratch entries seen so far, once a directory; may stop the walk by throwing. */
    public interface Walked {
        void entries(long seen) throws IOException;
    }

    public static List<Change> diff(Mount m) throws IOException {
        return diff(m, seen -> { });
    }

    public static List<Change> diff(Mount m, Walked walked) throws IOException {
        List<Change> out = new ArrayList<>();
        List<DirEntry> top;
        try {
            top = ScratchFiles.list(m.scratch(), "");
        } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return out; // an empty scratch whose upper directory is made on the first write
        }
        walk(m, "", top, out, walked, new long[1]); // through directories held open: any depth
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    private static void walk(Mount m, String rel, List<DirEntry> entries, List<Change> out, Walked walked,
                             long[] seen) throws IOException {
        for (DirEntry d : entries) {
            String name = Names.decode(d.name());
            if (name.equals(Scratch.OPAQUE) || Scratch.isTemporary(name)) {
                continue;
            }
            if (name.startsWith(Scratch.WHITEOUT_PREFIX)) {
                out.add(new Change("deleted", join(rel, name.substring(Scratch.WHITEOUT_PREFIX.length()))));
                continue;
            }
            if (d.stat() == null) {
                continue; // removed while the walk went by
            }
            String path = join(rel, name);
            if (Overlay.isWhiteoutDevice(m, rel, name, d.stat().mode())) {
                out.add(new Change("deleted", path));
                continue;
            }
            boolean inStack = Overlay.inStack(m, path);
            if ((d.stat().mode() & FileStat.S_IFMT) != DIRECTORY) {
                out.add(new Change(inStack ? "changed" : "added", path));
            } else {
                List<DirEntry> below;
                try {
                    below = ScratchFiles.list(m.scratch(), path);
                } catch (ErrnoException e) {
                    if (e.errno() == io.spfsd.fs.api.Errno.ENOENT) {
                        continue; // removed while the walk went by
                    }
                    throw e;
                }
                if (!inStack || below.stream().anyMatch(e -> Names.decode(e.name()).equals(Scratch.OPAQUE))) {
                    out.add(new Change(inStack ? "changed" : "added", path));
                }
                walk(m, path, below, out, walked, seen);
            }
            seen[0]++;
        }
        walked.entries(seen[0]);
    }

    private static final int DIRECTORY = 0040000;

    private static String join(String rel, String name) {
        return rel.isEmpty() ? name : rel + "/" + name;
    }

    /**
     * Drops the changes at paths (all of them if paths is empty): the stack's content shows
     * again. What the kernel cached of those names is invalidated. Paths are inside the view
     * ({@link ScratchPaths#components}): one with a ".." or a NUL is refused before anything is
     * dropped (IllegalArgumentException), and nothing outside the scratch is ever deleted
     * ({@link ScratchTree}).
     */
    public static void reset(Mount m, List<String> paths, NodeTable nodes, KernelCache kernel) throws IOException {
        Path upper = m.scratch().upper();
        List<List<String>> targets = new ArrayList<>();
        for (String p : paths) {
            targets.add(ScratchPaths.components(p));
        }
        if (targets.isEmpty()) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(upper)) {
                for (Path p : s) {
                    String n = ScratchPaths.name(p);
                    targets.add(List.of(n.startsWith(Scratch.WHITEOUT_PREFIX) && !n.equals(Scratch.OPAQUE)
                            ? n.substring(Scratch.WHITEOUT_PREFIX.length()) : n));
                }
            }
        }
        try {
            for (List<String> parts : targets) {
                if (parts.isEmpty() || parts.getLast().equals(Scratch.OPAQUE)) {
                    continue;
                }
                String last = parts.getLast();
                ScratchTree.delete(upper, parts, io.spfsd.storage.Whiteouts.fitsPrefix(last) ? Scratch.WHITEOUT_PREFIX + last : null);
                invalidate(m, parts, nodes, kernel);
            }
        } finally {
            m.scratch().marks().forget(); // the stack shows again where marks were dropped: read them anew
            m.scratch().dirs().clear(); // directories held may be gone
        }
    }

    /** Forgets the cached entry of rel's last name, and its node's attributes, if the kernel holds them. */
    private static void invalidate(Mount m, List<String> parts, NodeTable nodes, KernelCache kernel) {
        long parent = NodeTable.ROOT;
        for (int i = 0; i < parts.size(); i++) {
            Node n = nodes.peek(m.scratch().domain(), parent, parts.get(i));
            if (i == parts.size() - 1) {
                kernel.expireEntry(parent, parts.get(i)); // a directory's place may be a working directory elsewhere
                if (n != null) {
                    kernel.invalidateInode(n.id, 0, 0);
                }
                return;
            }
            if (n == null) {
                return; // the kernel holds nothing below
            }
            parent = n.id;
        }
    }
}
