package io.spfsd.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountedCompleter;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import io.spfsd.os.FileStat;

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

        /** Every file there is to store, told once: by a count ahead of the import, or when its walk is done. */
        default void total(long files, long bytes) {
        }

        /**
         * Whether the total is wanted from the start (progress shown to someone): the tree is
         * then counted ahead, on a thread of its own (the import walks only a little ahead of
         * its storing).
         */
        default boolean wantsTotalEarly() {
            return false;
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
    private TreeSpool spool;
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    /** Entries of every directory made, as often as it appears: the manifest's entry count. */
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong found = new AtomicLong();
    private final AtomicLong foundBytes = new AtomicLong();
    /** Directories found and not yet listed: the walk is over when none are left. */
    private final AtomicLong unwalked = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean totalTold = new java.util.concurrent.atomic.AtomicBoolean();

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
     * Imports dir and stores its manifest; payloads are flushed to disk before it. A task per
     * directory, on all cores, lists it and hands its files to a {@link PayloadImporter}; the
     * directory becomes a tree once they are stored and its subdirectories are trees, and the
     * tree goes to a {@link TreeSpool}. Nothing waits: what finishes a directory (its last
     * file stored, its last subdirectory made) makes its tree. Memory stays bounded whatever
     * the tree's size: the walk runs ahead of the storing by at most {@link
     * PayloadImporter#IN_FLIGHT} files, and a directory's entries are dropped once it is a tree.
     */
    public Result importDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) ? ": not a directory"
                    : ": no such directory"));
        }
        PendingDir top = new PendingDir("", 0, dir, "");
        try (TreeSpool trees = new TreeSpool(repo); SourceCache cache = SourceCache.forImport(repo.root());
                TreeCounter counting = listener.wantsTotalEarly() ? TreeCounter.start(dir, this::tellTotal) : null) {
            spool = trees;
            PayloadImporter importer = new PayloadImporter(repo, cache);
            try (importer; ForkJoinPool walkers = new ForkJoinPool(Runtime.getRuntime().availableProcessors())) {
                payloads = importer;
                unwalked.set(1);
                run(walkers, new Import(null, top));
                importer.awaitChecks();
            }
            if (importer.stored()) {
                // Payloads before the manifest that names them. An import that stored none names
                // only payloads an earlier import flushed before it cached their sources.
                repo.flush();
            }
            cache.save();
            ManifestMemo memo = new ManifestMemo(repo);
            Digest d = memo.lookup(top.tree);
            if (d == null) {
                d = trees.writeManifest(top.tree);
                memo.remember(top.tree, d);
            }
            return new Result(d, files.get(), bytes.get(), entries.get());
        }
    }

    private void tellTotal(long files, long bytes) {
        if (totalTold.compareAndSet(false, true)) {
            synchronized (listener) {
                listener.total(files, bytes);
            }
        }
    }

    /** A directory as the walk found it: entries, files still being stored, subdirectories, masks. */
    private record Pending(List<Object> children, java.util.Set<String> masked) {
    }

    private record PendingFile(String name, int perms, CompletableFuture<Repository.Payload> payload, long size) {
    }

    /** A subdirectory: the walk's findings in it, then its tree, each set by the task that made it. */
    private static final class PendingDir {
        final String name;
        final int perms;
        final Path path;
        final String rel;
        volatile Pending walked;
        volatile Digest tree;

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
    private static void run(ForkJoinPool pool, CountedCompleter<Void> root) throws IOException {
        try {
            pool.invoke(root);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * One directory: listed and stat'd, its files handed to the payload importer, a task forked
     * per subdirectory. It completes, making the directory's tree, when the last of those
     * completes: a file stored (on a payload worker) or a subdirectory made.
     */
    private final class Import extends CountedCompleter<Void> {
        final PendingDir dir;

        Import(CountedCompleter<?> parent, PendingDir dir) {
            super(parent);
            this.dir = dir;
        }

        @Override
        public void compute() {
            if (getRoot().isDone()) {
                return; // another directory failed: the import is over
            }
            Pending pending;
            try {
                pending = walk(dir.path, dir.rel);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            dir.walked = pending;
            List<PendingDir> subdirectories = new ArrayList<>();
            List<CompletableFuture<Repository.Payload>> storing = new ArrayList<>();
            for (Object child : pending.children()) {
                if (child instanceof PendingDir d) {
                    subdirectories.add(d);
                } else if (child instanceof PendingFile f
                        && f.payload().state() != java.util.concurrent.Future.State.SUCCESS) {
                    // one that already failed too: its callback fails this directory (skipped, it was made a tree)
                    storing.add(f.payload());
                }
            }
            unwalked.addAndGet(subdirectories.size());
            if (unwalked.decrementAndGet() == 0) {
                tellTotal(found.get(), foundBytes.get());
            }
            setPendingCount(subdirectories.size() + storing.size());
            for (CompletableFuture<Repository.Payload> f : storing) {
                f.whenComplete((p, failure) -> {
                    try {
                        if (failure == null) {
                            tryComplete(); // may make this tree and its parents', on this payload worker
                        } else {
                            completeExceptionally(failure instanceof java.util.concurrent.CompletionException c
                                    ? c.getCause() : failure);
                        }
                    } catch (Throwable t) { // a future's callback: what it throws would be lost, and the import wait forever
                        completeExceptionally(t);
                    }
                });
            }
            for (PendingDir d : subdirectories) {
                new Import(this, d).fork();
            }
            tryComplete();
        }

        @Override
        public void onCompletion(CountedCompleter<?> caller) {
            try {
                dir.tree = finish(dir.walked);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            dir.walked = null; // a tree now: its entries need not be kept
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

    /** The tree of a walked directory, once its files are stored and its subdirectories are trees. */
    private Digest finish(Pending pending) throws IOException {
        List<Entry> entries = new ArrayList<>(pending.children().size() + pending.masked().size());
        long dirFiles = 0;
        long dirBytes = 0;
        // The names only matter to masks (a scratch's whiteouts), which most directories have none of.
        java.util.Set<String> names = pending.masked().isEmpty() ? null : new java.util.HashSet<>();
        for (Object child : pending.children()) {
            Entry e = switch (child) {
                case PendingDir d -> Entry.directory(d.name, d.perms, d.tree);
                case PendingFile f -> {
                    Repository.Payload payload = f.payload().resultNow();
                    dirFiles++;
                    dirBytes += payload.size();
                    yield Entry.file(f.name(), f.perms(), payload.size(), payload.digest());
                }
                case Entry done -> done;
                default -> throw new IllegalStateException("unexpected " + child);
            };
            entries.add(e);
            if (names != null) {
                names.add(e.name());
            }
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
        return spool.add(entries);
    }
}
