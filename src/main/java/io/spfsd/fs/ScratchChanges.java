package io.spfsd.fs;

import io.spfsd.fs.api.KernelCache;
import io.spfsd.node.Mount;
import io.spfsd.node.Node;
import io.spfsd.node.NodeTable;
import io.spfsd.node.Scratch;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.ArrayList;
import java.util.List;

/**
 * What an editable runtime changed (diff) and dropping changes (reset), read from its
 * scratch against its stack.
 */
public final class ScratchChanges {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

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
        Path upper = m.scratch().upper();
        try (DirectoryStream<Path> root = Files.newDirectoryStream(upper)) {
            if (root instanceof SecureDirectoryStream<Path> secure) {
                walk(m, secure, "", out, walked, new long[1]); // relative to open directories: any depth
            } else {
                walk(m, upper, "", out, walked, new long[1]);
            }
        } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return out; // an empty scratch whose upper directory is made on the first write
        }
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    private static void walk(Mount m, SecureDirectoryStream<Path> dir, String rel, List<Change> out, Walked walked,
                             long[] seen) throws IOException {
        List<Path> names = new ArrayList<>();
        dir.forEach(p -> names.add(p.getFileName()));
        for (Path n : names) {
            String name = ScratchPaths.name(n);
            if (name.equals(Scratch.OPAQUE) || Scratch.isTemporary(name)) {
                continue;
            }
            if (name.startsWith(Scratch.WHITEOUT_PREFIX)) {
                out.add(new Change("deleted", join(rel, name.substring(Scratch.WHITEOUT_PREFIX.length()))));
                continue;
            }
            String path = join(rel, name);
            boolean inStack = Overlay.inStack(m, path);
            boolean isDir;
            try {
                isDir = dir.getFileAttributeView(n, BasicFileAttributeView.class, NOFOLLOW).readAttributes().isDirectory();
            } catch (java.nio.file.NoSuchFileException gone) {
                continue; // removed while the walk went by
            }
            if (!isDir) {
                out.add(new Change(inStack ? "changed" : "added", path));
            } else {
                try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(n, NOFOLLOW)) {
                    if (!inStack || opaque(sub)) {
                        out.add(new Change(inStack ? "changed" : "added", path));
                    }
                    walk(m, sub, path, out, walked, seen);
                }
            }
            seen[0]++;
        }
        walked.entries(seen[0]);
    }

    private static boolean opaque(SecureDirectoryStream<Path> dir) throws IOException {
        try {
            dir.getFileAttributeView(Path.of(Scratch.OPAQUE), BasicFileAttributeView.class, NOFOLLOW).readAttributes();
            return true;
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    /** The same by paths, where the platform has no directory-relative streams. */
    private static void walk(Mount m, Path dir, String rel, List<Change> out, Walked walked, long[] seen)
            throws IOException {
        if (!Files.isDirectory(dir, NOFOLLOW)) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = ScratchPaths.name(p);
                if (name.equals(Scratch.OPAQUE) || Scratch.isTemporary(name)) {
                    continue;
                }
                if (name.startsWith(Scratch.WHITEOUT_PREFIX)) {
                    String deleted = name.substring(Scratch.WHITEOUT_PREFIX.length());
                    out.add(new Change("deleted", join(rel, deleted)));
                    continue;
                }
                String path = join(rel, name);
                boolean inStack = Overlay.inStack(m, path);
                boolean isDir = Files.isDirectory(p, NOFOLLOW);
                if (!isDir || !inStack || Files.exists(p.resolve(Scratch.OPAQUE), NOFOLLOW)) {
                    out.add(new Change(inStack ? "changed" : "added", path));
                }
                if (isDir) {
                    walk(m, p, path, out, walked, seen);
                }
                seen[0]++;
            }
        }
        walked.entries(seen[0]);
    }

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
                ScratchTree.delete(upper, parts, Overlay.canWhiteOut(last) ? Scratch.WHITEOUT_PREFIX + last : null);
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
