package io.spfsd.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports a directory tree into the repository as a manifest: regular files become payloads
 * (stored once per digest), symlinks keep their target, directories and files keep their
 * permission bits (including setuid/setgid/sticky). Sockets, FIFOs and devices cannot be
 * served from a layer and are skipped with a warning.
 */
public final class DirectoryImporter {
    /** Told about progress and about what was skipped. */
    public interface Listener {
        default void file(long files, long bytes) {
        }

        default void skipped(Path path, String why) {
        }
    }

    /**
     * How an editable runtime's scratch marks deletions (overlay style): a file {@code .wh.NAME}
     * deletes NAME from the layers below, and a directory holding {@code .wh..wh..opq} hides
     * everything the layers below have in it. lowerNames gives, for a directory path relative
     * to the imported root ("" for the root), the names the layers below have there.
     */
    public interface Whiteouts {
        java.util.Collection<String> lowerNames(String dir);
    }

    private static final String WHITEOUT = ".wh.", OPAQUE = ".wh..wh..opq";
    private final Repository repo;
    private final Listener listener;
    private Whiteouts whiteouts;
    private final Map<Digest, Tree> trees = new HashMap<>();
    private long files;
    private long bytes;

    public DirectoryImporter(Repository repo, Listener listener) {
        this.repo = repo;
        this.listener = listener;
    }

    /** The result of an import. */
    public record Result(Digest manifest, long files, long bytes, long entries) {
    }

    /** Imports a scratch: whiteouts become masks (a layer's deletions) instead of files. */
    public DirectoryImporter withWhiteouts(Whiteouts w) {
        this.whiteouts = w;
        return this;
    }

    /** Imports dir and stores its manifest; payloads are flushed to disk before it. */
    public Result importDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) ? ": not a directory"
                    : ": no such directory"));
        }
        Tree root = importTree(dir, "");
        Manifest manifest = new Manifest(root.digest(), trees);
        repo.flush();
        Digest d = repo.putManifest(manifest);
        return new Result(d, files, bytes, manifest.entryCount());
    }

    private Tree importTree(Path dir, String rel) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(children::add);
        }
        List<Entry> entries = new ArrayList<>(children.size());
        java.util.Set<String> names = new java.util.HashSet<>();
        java.util.Set<String> masked = new java.util.TreeSet<>();
        boolean opaque = false;
        for (Path child : children) {
            String name = RawPaths.fileName(child);
            if (whiteouts != null && name.startsWith(WHITEOUT)) {
                if (name.equals(OPAQUE)) {
                    opaque = true;
                } else {
                    masked.add(name.substring(WHITEOUT.length()));
                }
                continue;
            }
            Entry e = importEntry(child, rel.isEmpty() ? name : rel + "/" + name);
            if (e != null) {
                entries.add(e);
                names.add(e.name());
            }
        }
        if (opaque) {
            masked.addAll(whiteouts.lowerNames(rel));
        }
        for (String m : masked) {
            if (!names.contains(m)) {
                entries.add(Entry.mask(m));
            }
        }
        Tree t = Tree.of(entries);
        trees.putIfAbsent(t.digest(), t);
        return t;
    }

    private Entry importEntry(Path p, String rel) throws IOException {
        String name = RawPaths.fileName(p);
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        int perms = mode & 07777;
        switch (mode & Entry.S_IFMT) {
            case Entry.S_IFDIR -> {
                return Entry.directory(name, perms, importTree(p, rel).digest());
            }
            case Entry.S_IFREG -> {
                Repository.Payload payload = repo.importPayload(p);
                files++;
                bytes += payload.size();
                listener.file(files, bytes);
                return Entry.file(name, perms, payload.size(), payload.digest());
            }
            case Entry.S_IFLNK -> {
                return Entry.symlink(name, RawPaths.linkTarget(p));
            }
            default -> {
                listener.skipped(p, "not a regular file, directory or symlink");
                return null;
            }
        }
    }
}
