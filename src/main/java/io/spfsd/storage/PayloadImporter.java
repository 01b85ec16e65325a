package io.spfsd.storage;

import io.spfsd.os.ContentStore;
import io.spfsd.os.FileIdentity;
import io.spfsd.os.FileStat;
import io.spfsd.os.NativePaths;
import io.spfsd.os.Os;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stores the files of one import as payloads, on one thread per core. Each file is read once:
 * hashed while it is copied into tmp/, so the digest is of exactly the bytes stored, then
 * named into place unless that payload exists; by the system's {@link ContentStore} where it
 * has one (the bytes never in Java's heap), else through Java's streams. A file the {@link
 * SourceCache} knows, whose payload exists, is not read at all. Verdicts
 * (docs/repository-format.md, "verified") are written 64 KiB at a time, the cache at the end,
 * instead of per file; the repository is flushed in the background as payloads accumulate
 * ({@link FlushAhead}).
 */
public final class PayloadImporter implements AutoCloseable {
    private static final int BUFFER = 1 << 20;
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[BUFFER]);

    private final Repository repo;
    private final SourceCache cache;
    /** Where an import's files are copied, the system's fastest way; null: Java's streams (and for transfers). */
    private final ContentStore contentStore;
    private final ExecutorService workers;
    /** Verdicts on the payloads stored, not yet written; guarded by itself. */
    private final StringBuilder verdicts = new StringBuilder();
    /** Shard directories known to exist, by {@link Digest#shardIndex}: created once per import, not checked per file. */
    private final java.util.concurrent.atomic.AtomicIntegerArray shardsMade =
            new java.util.concurrent.atomic.AtomicIntegerArray(Digest.SHARDS);

    /** For transfers ({@link #storeExpecting}), which hash what they are sent: no source cache. */
    public PayloadImporter(Repository repo) {
        this(repo, null);
    }

    /** Stores into repo, answering from (and teaching) cache, which its owner saves or closes. */
    PayloadImporter(Repository repo, SourceCache cache) {
        this.repo = repo;
        this.flushAhead = new FlushAhead(repo::flush);
        this.cache = cache;
        this.contentStore = cache == null ? null : Os.current().contentStore(repo.payloadsDir());
        this.workers = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
                Thread.ofPlatform().name("import-", 0).daemon(true).factory());
    }

    /**
     * How many files may be waiting to be stored, or to have their cached payload checked, at
     * once: past it, {@link #submit} waits. It keeps an import's memory bounded (the walk
     * cannot run ahead of the storing by more), and small: what waits long enough to outlive
     * two young collections is promoted, and the old generation grew with the tree (t200 in
     * bench/results/performance-history.md: 192 MB peak with 32,768 or 4,096 waiting, 82 MB
     * with 1,024, at the same speed). Two cores store far fewer than this at a time.
     */
    static final int IN_FLIGHT = 1024;
    private final InFlight inFlight = new InFlight(IN_FLIGHT);

    /**
     * Stores a regular file (st is its stat) on a worker; the future gives its payload. A file
     * the cache knows is answered at once, from the cache, and its payload's existence is
     * checked later, in batches, on the workers ({@link #checkKnown}): a task per file costs
     * the walk more than the file's own work when nothing changed (queueing, waking a worker).
     */
    CompletableFuture<Repository.Payload> submit(Path file, FileStat st) {
        inFlight.enter();
        Digest known = cache.lookup(st.identity());
        if (known != null) {
            unchecked.add(new Known(file, st, known)); // lock-free: the walk runs on several threads
            if (uncheckedCount.incrementAndGet() % CHECK_BATCH == 0) {
                checkUnchecked();
            }
            return CompletableFuture.completedFuture(new Repository.Payload(known, st.size()));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return storeAnew(file, st);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                inFlight.leave();
            }
        }, workers);
    }

    /** A file answered from the cache, whose payload is still to be found in the repository. */
    private record Known(Path file, FileStat st, Digest digest) {
    }

    private static final int CHECK_BATCH = 256;
    private final java.util.concurrent.ConcurrentLinkedQueue<Known> unchecked =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicLong uncheckedCount = new AtomicLong();
    private final java.util.Queue<Future<?>> checks = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** A task that checks up to a batch of the files answered from the cache. */
    private void checkUnchecked() {
        checks.add(workers.submit(() -> {
            IOException first = null;
            Known k;
            for (int n = 0; n < CHECK_BATCH && (k = unchecked.poll()) != null; n++) {
                try {
                    checkKnown(k);
                } catch (IOException e) {
                    first = first == null ? e : first; // the batch goes on: each check frees the walk a file
                }
            }
            if (first != null) {
                throw first;
            }
            return null;
        }));
    }

    /**
     * A payload the cache named must exist (a clean, or a hand, may have removed it): if it
     * does not, the file is stored again, and must give the digest its identity promised.
     */
    private void checkKnown(Known k) throws IOException {
        try {
            if (repo.hasPayload(k.digest())) {
                return;
            }
            Repository.Payload p = storeAnew(k.file(), k.st());
            if (!p.digest().equals(k.digest())) {
                throw new IOException(k.file() + " changed while it was being imported (its content is not what it"
                        + " was when last imported, yet its size and ctime are): commit again");
            }
        } finally {
            inFlight.leave();
        }
    }

    /** Waits for every payload check; throws what the first failed one threw. */
    void awaitChecks() throws IOException {
        Future<?> f;
        while ((f = checks.poll()) != null) {
            Futures.await(f, "import");
        }
        Known k;
        while ((k = unchecked.poll()) != null) { // what no batch took: checked here
            checkKnown(k);
        }
    }

    private Repository.Payload storeAnew(Path file, FileStat st) throws IOException {
        Repository.Payload p;
        try {
            if (st.isSparse()) {
                p = repo.importPayload(file);
                stored.incrementAndGet(); // maybe stored: flush
            } else {
                p = copyHashing(file, st);
            }
        } catch (java.nio.file.FileSystemException e) {
            throw e; // names its file already
        } catch (IOException e) {
            // A write's failure names nothing ("No space left on device"): say which file could not be stored.
            throw new IOException("cannot store " + file + ": " + lowerFirst(e.getMessage()), e);
        }
        cache.learn(st.identity(), p.digest());
        return p;
    }

    private static String lowerFirst(String s) {
        return s == null || s.isEmpty() ? "an I/O error" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** Stores file (st its stat) as a payload: through the system's content store if it has one, else Java's streams. */
    private Repository.Payload copyHashing(Path file, FileStat st) throws IOException {
        ContentStore.Copy c = contentStore == null ? null
                : contentStore.store(file, st.size(), repo.tmpDirOfThisThread(), this::nameFor);
        if (c == null) {
            try (InputStream in = Files.newInputStream(file)) {
                return storeStream(in, null);
            }
        }
        Digest d = Digest.fromBytes(c.sha256());
        if (c.placed()) {
            placed(d, c.size(), c.stat());
        }
        return new Repository.Payload(d, c.size());
    }

    private static final ThreadLocal<byte[]> SHARDED_NAME = ThreadLocal.withInitial(
            () -> new byte[Digest.SHARDED_LENGTH]);

    /** The name in payloads/ of the payload of this SHA-256, its shard directory made; in this thread's NativePaths buffer. */
    private java.lang.foreign.MemorySegment nameFor(byte[] sha256) throws IOException {
        Digest d = Digest.fromBytes(sha256);
        ensureShard(d);
        byte[] name = SHARDED_NAME.get();
        d.writeShardedText(name, 0);
        return NativePaths.of(name);
    }

    /** Creates d's shard directory unless this import made it already (known by number: no Path made per file). */
    private void ensureShard(Digest d) throws IOException {
        int i = d.shardIndex();
        if (shardsMade.get(i) == 0) {
            Files.createDirectories(repo.payloadPath(d).getParent()); // two threads may both: it is there either way
            shardsMade.set(i, 1);
        }
    }

    /**
     * Stores a payload that must hash to expected (a transfer), with the same per-file economy
     * as an import: nothing is stored, and this throws, when it does not.
     */
    public Repository.Payload storeExpecting(InputStream in, Digest expected) throws IOException {
        return storeStream(in, expected);
    }

    /** Copies in into tmp/ while hashing it, then into place; expected null: any digest. */
    private Repository.Payload storeStream(InputStream in, Digest expected) throws IOException {
        Path t = AtomicFiles.tempName(repo.tmpDirOfThisThread(), "p-");
        try {
            Repository.Payload copied;
            try (OutputStream out = Files.newOutputStream(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                copied = Repository.copyHashing(in, out, BUFFERS.get());
            }
            Digest d = copied.digest();
            Repository.checkArrived(d, expected);
            Path target = repo.payloadPath(d);
            ensureShard(d);
            if (publish(t, target)) {
                placed(d, copied.size(), Os.current().stat(target));
            }
            return copied;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(t);
            throw e;
        }
    }

    /**
     * Counts a payload this importer put into place (it is then flushed, in the background as
     * they accumulate and before the manifest) and notes its verdict from stat, the placed
     * file's (null: none, the daemon hashes it on first use).
     */
    private void placed(Digest d, long size, FileStat stat) {
        stored.incrementAndGet();
        flushAhead.stored(size);
        if (stat != null) {
            verdict(d, stat.identity()); // just hashed: the daemon need not hash it again
        }
    }

    /** Renames tmp into place, or drops it when the payload exists (content-addressed: same bytes). */
    private static boolean publish(Path tmp, Path target) throws IOException {
        if (Files.exists(target)) {
            Files.delete(tmp);
            return false;
        }
        try {
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            Files.delete(tmp);
            return false;
        }
    }

    /** Whether this importer put a payload into the repository (else there is nothing of its own to flush). */
    boolean stored() {
        return stored.get() > 0;
    }

    private final AtomicLong stored = new AtomicLong();
    private final FlushAhead flushAhead;

    /**
     * Notes a verdict; written with others once 64 KiB of them are waiting (an import's memory
     * must not grow with its tree; one write of whole lines each, as the verdict file asks).
     */
    private void verdict(Digest d, FileIdentity id) {
        synchronized (verdicts) {
            PayloadVerifier.appendLine(verdicts, d, id);
            if (verdicts.length() >= 1 << 16) {
                writeVerdicts();
            }
        }
    }

    private void writeVerdicts() {
        synchronized (verdicts) {
            repo.verifier().append(verdicts);
            verdicts.setLength(0);
        }
    }

    /** Waits for the workers and writes the verdicts. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(Long.MAX_VALUE, java.util.concurrent.TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeVerdicts();
        if (contentStore != null) {
            contentStore.close();
        }
    }
}
