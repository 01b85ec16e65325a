package io.spfsd.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import io.spfsd.os.FileStat;
import io.spfsd.os.Os;

/**
 * Imports a directory tree into the repository as a manifest: regular files become payloads
 * (stored once per digest), symlinks keep their target, directories and files keep their
 * permission bits (including setuid/setgid/sticky). Sockets, FIFOs and devices cannot be
 * served from a layer and are skipped with a warning.
 */
public final class DirectoryImporter {
    /** Told about progress and about what was skipped. */
    public interface Listener {
        /** While the tree is walked: files found so far and their bytes. */
        default void found(long files, long bytes) {
        }

        /** The walk is done: every file there is to store. */
        default void total(long files, long bytes) {
        }

        /** Files stored so far and their bytes. */
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

    private final Repository repo;
    private final Listener listener;
    private Whiteouts whiteouts;
    private PayloadImporter payloads;
    private final Map<Digest, Tree> trees = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong files = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
    /** Entries of every directory made, as often as it appears: the manifest's entry count. */
    private final java.util.concurrent.atomic.AtomicLong entries = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong found = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong foundBytes = new java.util.concurrent.atomic.AtomicLong();

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

    /**
     * Imports dir and stores its manifest; payloads are flushed to disk before it. The walk
     * runs on all cores (a task per directory); the files it finds are stored by a
     * {@link PayloadImporter} on all cores meanwhile, and each directory becomes a tree once
     * its files are stored, again a task per directory.
     */
    public Result importDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) ? ": not a directory"
                    : ": no such directory"));
        }
        PendingDir top = new PendingDir("", 0, dir, "");
        PayloadImporter importer = new PayloadImporter(repo);
        try (importer; java.util.concurrent.ForkJoinPool walkers = new java.util.concurrent.ForkJoinPool(
                Runtime.getRuntime().availableProcessors())) {
            payloads = importer;
            run(walkers, new Walk(null, top));
            listener.total(found.get(), foundBytes.get());
            run(walkers, new Finish(null, top));
            importer.awaitChecks();
        }
        Tree root = top.tree;
        if (importer.stored()) {
            // Payloads before the manifest that names them. An import that stored none names
            // only payloads an earlier import flushed before it cached their sources.
            repo.flush();
        }
        importer.saveCache();
        ManifestMemo memo = new ManifestMemo(repo);
        Digest d = memo.lookup(root.digest());
        if (d == null) {
            d = repo.putManifest(new Manifest(root.digest(), trees));
            memo.remember(root.digest(), d);
        }
        return new Result(d, files.get(), bytes.get(), entries.get());
    }

    /** A directory as the walk found it: entries, files still being stored, subdirectories, masks. */
    private record Pending(List<Object> children, java.util.Set<String> masked) {
    }

    private record PendingFile(String name, int perms, Future<Repository.Payload> payload, long size) {
    }

    /** A subdirectory: the walk's findings in it, then its tree, each set by the task that made it. */
    private static final class PendingDir {
        final String name;
        final int perms;
        final Path path;
        final String rel;
        volatile Pending walked;
        volatile Tree tree;

        PendingDir(String name, int perms, Path path, String rel) {
            this.name = name;
            this.perms = perms;
            this.path = path;
            this.rel = rel;
        }
    }

    /**
     * Runs a tree of tasks to its end, on all cores; what the first failing one threw is
     * thrown here. The tasks are completers, not joins: a directory 2,000 levels deep costs no
     * deeper a stack than one.
     */
    private static void run(java.util.concurrent.ForkJoinPool pool, java.util.concurrent.CountedCompleter<Void> root)
            throws IOException {
        try {
            pool.invoke(root);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static List<PendingDir> subdirectories(Pending pending) {
        List<PendingDir> dirs = new ArrayList<>();
        for (Object child : pending.children()) {
            if (child instanceof PendingDir d) {
                dirs.add(d);
            }
        }
        return dirs;
    }

    /** A task for one directory that completes once the same task has for each of its subdirectories. */
    private abstract class PerDirectory extends java.util.concurrent.CountedCompleter<Void> {
        final PendingDir dir;

        PerDirectory(java.util.concurrent.CountedCompleter<?> parent, PendingDir dir) {
            super(parent);
            this.dir = dir;
        }

        /** The same task for the subdirectory d, completing into this one. */
        abstract PerDirectory child(PendingDir d);

        /** Forks a child for each subdirectory the walk found in dir; completes when they all have. */
        final void forkSubdirectoriesThenComplete() {
            List<PendingDir> subdirectories = subdirectories(dir.walked);
            setPendingCount(subdirectories.size());
            for (PendingDir d : subdirectories) {
                child(d).fork();
            }
            tryComplete();
        }
    }

    /**
     * One directory's walk: its entries listed and stat'd, a task forked per subdirectory;
     * done once their walks are. A re-commit of an unchanged tree is mostly this (a stat per
     * entry), so one thread made it twice as long as it needs to be.
     */
    private final class Walk extends PerDirectory {
        Walk(java.util.concurrent.CountedCompleter<?> parent, PendingDir dir) {
            super(parent, dir);
        }

        @Override
        PerDirectory child(PendingDir d) {
            return new Walk(this, d);
        }

        @Override
        public void compute() {
            try {
                dir.walked = walk(dir.path, dir.rel);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            forkSubdirectoriesThenComplete();
        }
    }

    /**
     * A directory's entries, as the walk keeps them: subdirectories to walk, files being stored,
     * symlinks, masks. Progress is told once a directory (the walk runs on several threads: a
     * lock per file was a contended one).
     */
    private Pending walk(Path dir, String rel) throws IOException {
        SourceListing listing = SourceListing.of(dir, whiteouts != null);
        Pending pending = new Pending(new ArrayList<>(listing.items().size()), listing.masked());
        long dirFiles = 0;
        long dirBytes = 0;
        for (SourceListing.Item item : listing.items()) {
            Object e = entryOf(item.path(), item.name(), rel, item.stat());
            if (e != null) {
                pending.children().add(e);
                if (e instanceof PendingFile f) {
                    dirFiles++;
                    dirBytes += f.size();
                }
            }
        }
        if (dirFiles > 0) {
            long filesNow = found.addAndGet(dirFiles);
            long bytesNow = foundBytes.addAndGet(dirBytes);
            synchronized (listener) {
                listener.found(filesNow, bytesNow);
            }
        }
        if (listing.opaque()) {
            pending.masked().addAll(whiteouts.lowerNames(rel));
        }
        return pending;
    }

    /** One entry, called name, of the directory at parentRel (relative to the imported root), as st says it is. */
    private Object entryOf(Path p, String name, String parentRel, FileStat st) throws IOException {
        int perms = st.mode() & 07777;
        switch (st.mode() & Entry.S_IFMT) {
            case Entry.S_IFDIR -> {
                return new PendingDir(name, perms, p, parentRel.isEmpty() ? name : parentRel + "/" + name);
            }
            case Entry.S_IFREG -> {
                return new PendingFile(name, perms, payloads.submit(p, st), st.size());
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

    /** One directory's tree, made once its subdirectories' are (by tasks of their own, meanwhile). */
    private final class Finish extends PerDirectory {
        Finish(java.util.concurrent.CountedCompleter<?> parent, PendingDir dir) {
            super(parent, dir);
        }

        @Override
        PerDirectory child(PendingDir d) {
            return new Finish(this, d);
        }

        @Override
        public void compute() {
            forkSubdirectoriesThenComplete();
        }

        @Override
        public void onCompletion(java.util.concurrent.CountedCompleter<?> caller) {
            try {
                dir.tree = finish(dir.walked);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The tree of a walked directory, once its files are stored (waits for them, in order). */
    private Tree finish(Pending pending) throws IOException {
        List<Entry> entries = new ArrayList<>(pending.children().size() + pending.masked().size());
        long dirFiles = 0;
        long dirBytes = 0;
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Object child : pending.children()) {
            Entry e = switch (child) {
                case PendingDir d -> Entry.directory(d.name, d.perms, d.tree.digest());
                case PendingFile f -> {
                    Repository.Payload payload = Futures.await(f.payload(), "import");
                    dirFiles++;
                    dirBytes += payload.size();
                    yield Entry.file(f.name(), f.perms(), payload.size(), payload.digest());
                }
                case Entry done -> done;
                default -> throw new IllegalStateException("unexpected " + child);
            };
            entries.add(e);
            names.add(e.name());
        }
        for (String m : pending.masked()) {
            if (!names.contains(m)) {
                entries.add(Entry.mask(m));
            }
        }
        this.entries.addAndGet(entries.size());
        if (dirFiles > 0) { // progress once a directory, as in the walk
            long n = files.addAndGet(dirFiles);
            long size = bytes.addAndGet(dirBytes);
            synchronized (listener) {
                listener.file(n, size);
            }
        }
        Tree t = Tree.of(entries);
        trees.putIfAbsent(t.digest(), t);
        return t;
    }
}
