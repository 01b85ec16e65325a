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

    public static List<Change> diff(Mount m) throws IOException {
        List<Change> out = new ArrayList<>();
        walk(m, m.scratch().upper(), "", out);
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    private static void walk(Mount m, Path dir, String rel, List<Change> out) throws IOException {
        if (!Files.isDirectory(dir, NOFOLLOW)) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = ScratchPaths.name(p);
                if (name.equals(Scratch.OPAQUE)) {
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
                    walk(m, p, path, out);
                }
            }
        }
    }

    private static String join(String rel, String name) {
        return rel.isEmpty() ? name : rel + "/" + name;
    }

    /**
     * Drops the changes at paths (all of them if paths is empty): the stack's content shows
     * again. What the kernel cached of those names is invalidated.
     */
    public static void reset(Mount m, List<String> paths, NodeTable nodes, KernelCache kernel) throws IOException {
        Path upper = m.scratch().upper();
        List<String> targets = new ArrayList<>(paths);
        if (targets.isEmpty()) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(upper)) {
                for (Path p : s) {
                    String n = ScratchPaths.name(p);
                    targets.add(n.startsWith(Scratch.WHITEOUT_PREFIX) && !n.equals(Scratch.OPAQUE)
                            ? n.substring(Scratch.WHITEOUT_PREFIX.length()) : n);
                }
            }
        }
        for (String rel : targets) {
            String clean = rel.replaceAll("^/+|/+$", "");
            if (clean.isEmpty() || clean.equals(Scratch.OPAQUE)) {
                continue;
            }
            Path p = ScratchPaths.at(upper, clean);
            deleteTree(p);
            Overlay.unWhiteOut(p);
            invalidate(m, clean, nodes, kernel);
        }
    }

    /** Forgets the cached entry of rel's last name, and its node's attributes, if the kernel holds them. */
    private static void invalidate(Mount m, String rel, NodeTable nodes, KernelCache kernel) {
        long parent = NodeTable.ROOT;
        String[] parts = rel.split("/");
        for (int i = 0; i < parts.length; i++) {
            Node n = nodes.peekPrivate(m.scratch().domain(), parent, parts[i]);
            if (i == parts.length - 1) {
                kernel.invalidateEntry(parent, parts[i]);
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

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, NOFOLLOW)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
                for (Path c : s) {
                    deleteTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
