package io.spfsd.storage;

import io.spfsd.os.FileIdentity;
import io.spfsd.os.FileStat;
import io.spfsd.os.Os;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code spfsd check}: rehashes every object and payload of a repository in parallel, then
 * checks that every payload a manifest names and every object a tag names is present. What
 * is corrupt can be removed; what checked out good becomes the new verdict file, so the
 * daemon need not hash it again ({@link PayloadVerifier}).
 */
public final class RepositoryCheck {
    /** One thing wrong: kind is "object", "payload" or "tag"; name a digest or a tag. */
    public record Problem(String kind, String name, String problem) {
    }

    public record Report(long objects, long payloads, long bytes, List<Problem> problems, int removed) {
        public boolean clean() {
            return problems.isEmpty();
        }
    }

    /** Told how far the rehashing has got. */
    public interface Listener {
        void progress(long filesDone, long filesTotal, long bytesDone, long bytesTotal);
    }

    private final Repository repo;
    private final List<Problem> problems = Collections.synchronizedList(new ArrayList<>());
    private final Map<Digest, FileIdentity> goodPayloads = new ConcurrentHashMap<>();
    private final Map<Digest, StoredObject> goodObjects = new ConcurrentHashMap<>();
    private final Set<Path> corruptFiles = ConcurrentHashMap.newKeySet();
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong bytesDone = new AtomicLong();

    private RepositoryCheck(Repository repo) {
        this.repo = repo;
    }

    public static Report run(Repository repo, int threads, boolean remove, Listener listener)
            throws IOException, InterruptedException {
        return new RepositoryCheck(repo).check(Math.max(1, threads), remove, listener);
    }

    private Report check(int threads, boolean remove, Listener listener) throws IOException, InterruptedException {
        List<Path> objects = files(repo.root().resolve("objects"));
        List<Path> payloads = files(repo.root().resolve("payloads"));
        // Largest first, so one big file does not finish alone at the end.
        payloads.sort(Comparator.comparingLong(RepositoryCheck::sizeOf).reversed());
        long total = objects.size() + payloads.size();
        long bytesTotal = payloads.stream().mapToLong(RepositoryCheck::sizeOf).sum();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> work = new ArrayList<>();
            for (Path p : objects) {
                work.add(pool.submit(() -> checkObject(p)));
            }
            for (Path p : payloads) {
                work.add(pool.submit(() -> checkPayload(p)));
            }
            for (Future<?> f : work) {
                while (true) {
                    try {
                        f.get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                        break;
                    } catch (java.util.concurrent.TimeoutException e) {
                        listener.progress(filesDone.get(), total, bytesDone.get(), bytesTotal);
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new RepositoryException("check failed: " + e.getCause(), e.getCause());
                    }
                }
            }
        }
        listener.progress(total, total, bytesTotal, bytesTotal);
        checkReferences();
        int removed = 0;
        if (remove && !corruptFiles.isEmpty()) {
            ReadOnlyRepositories.refuseChange(repo.root());
            for (Path p : corruptFiles) {
                if (Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        }
        if (ReadOnlyRepositories.isWritable(repo.root())) { // a read-only repository is checked, its verdicts not kept
            repo.verifier().rewrite(goodPayloads, repo.root().resolve("tmp"));
        }
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing(Problem::kind).thenComparing(Problem::name));
        return new Report(objects.size(), payloads.size(), bytesTotal, sorted, removed);
    }

    private void checkObject(Path p) {
        Digest d = digestOf(p);
        try {
            if (d == null) {
                throw new CorruptObjectException("its name is not a digest");
            }
            goodObjects.put(d, repo.readObject(d));
        } catch (RepositoryException e) {
            corrupt("object", d == null ? p.toString() : d.toString(), e.getMessage(), p);
        } finally {
            filesDone.incrementAndGet();
        }
    }

    private void checkPayload(Path p) {
        Digest d = digestOf(p);
        try {
            if (d == null) {
                corrupt("payload", p.toString(), "its name is not a digest", p);
                return;
            }
            FileIdentity before = identity(p);
            Digest actual = hash(p);
            if (!actual.equals(d)) {
                corrupt("payload", d.toString(), "its content does not match its digest", p);
            } else if (before != null && before.equals(identity(p))) {
                goodPayloads.put(d, before); // unchanged while it was hashed
            }
        } catch (IOException e) {
            problems.add(new Problem("payload", String.valueOf(d), "cannot be read: " + IoErrors.describe(e)));
        } finally {
            filesDone.incrementAndGet();
        }
    }

    private static FileIdentity identity(Path p) {
        FileStat st = Os.current().stat(p);
        return st == null ? null : st.identity();
    }

    private Digest hash(Path p) throws IOException {
        MessageDigest sha = Digest.sha256ForBulk();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            int n;
            while ((n = ch.read(buf)) >= 0) {
                buf.flip();
                sha.update(buf);
                buf.clear();
                bytesDone.addAndGet(n);
            }
        }
        return Digest.fromBytes(sha.digest());
    }

    /** Every payload a good manifest names must exist with its size; every tag's target must exist. */
    private void checkReferences() {
        Set<Digest> reported = new HashSet<>();
        for (Map.Entry<Digest, StoredObject> o : goodObjects.entrySet()) {
            if (o.getValue() instanceof StoredObject.ManifestObject m) {
                m.manifest().walk((path, e) -> {
                    if (e.kind() != EntryKind.FILE) {
                        return;
                    }
                    FileIdentity good = goodPayloads.get(e.digest());
                    if (good == null && Files.notExists(repo.payloadPath(e.digest())) && reported.add(e.digest())) {
                        problems.add(new Problem("payload", e.digest().toString(),
                                "missing (" + path + " in manifest " + o.getKey().shortForm() + ")"));
                    } else if (good != null && good.size() != e.size()) {
                        problems.add(new Problem("object", o.getKey().toString(), "gives " + path + " " + e.size()
                                + " bytes, but its payload " + e.digest().shortForm() + " has " + good.size()));
                    }
                });
            }
        }
        for (String tag : repo.tags().names()) {
            for (TagStore.TagVersion v : repo.tags().history(tag)) {
                if (!repo.hasObject(v.target())) {
                    problems.add(new Problem("tag", tag, "points to " + v.target() + ", which is missing"));
                    break;
                }
            }
        }
    }

    private void corrupt(String kind, String name, String problem, Path file) {
        problems.add(new Problem(kind, name, problem));
        corruptFiles.add(file);
    }

    /** objects/AB/CDEF...: the shard directory's name and the file's name make the digest. */
    private static Digest digestOf(Path p) {
        try {
            return Digest.parse(p.getParent().getFileName().toString() + p.getFileName());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<Path> files(Path base) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(base)) {
            return out;
        }
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(base)) {
            for (Path shard : shards) {
                if (Files.isDirectory(shard)) {
                    try (DirectoryStream<Path> s = Files.newDirectoryStream(shard)) {
                        s.forEach(out::add);
                    }
                }
            }
        }
        return out;
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
