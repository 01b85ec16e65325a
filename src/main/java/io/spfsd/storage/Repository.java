package io.spfsd.storage;

import io.spfsd.os.FileStat;
import io.spfsd.os.NativePaths;
import io.spfsd.os.Os;
import io.spfsd.os.Posix;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.lang.foreign.MemorySegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A content-addressed repository on the local filesystem (docs/repository-format.md):
 * payloads (file contents) and objects (manifests, layers, platforms), each stored once under
 * its SHA-256 digest, and tags that name objects.
 *
 * <p>Every write is atomic (temp file + rename); every object read is checked against its
 * digest; payload reads are checked against the size the manifest promises.
 */
public final class Repository {
    /** The file that marks a directory as a repository and names its format. */
    public static final String FORMAT_FILE = "SPFSD_REPOSITORY";
    public static final String FORMAT_LINE = "spfsd repository format 1";
    private static final Logger LOG = LoggerFactory.getLogger(Repository.class);

    private final Path root;
    private final Path objects;
    private final Path payloads;
    private final PayloadCPaths payloadCPaths;
    private final Path tmp;
    private final TagStore tags;
    private final PayloadVerifier verifier;
    private final Path[] tmpSlots = new Path[TMP_SLOTS];
    private static final int TMP_SLOTS = 16;

    private Repository(Path root) {
        this.root = root;
        this.objects = root.resolve("objects");
        this.payloads = root.resolve("payloads");
        this.payloadCPaths = new PayloadCPaths(payloads);
        this.tmp = root.resolve("tmp");
        this.tags = new TagStore(root.resolve("tags"), tmp);
        this.verifier = new PayloadVerifier(root);
    }

    /** Opens the repository at root, creating it when the directory is absent or empty. */
    public static Repository open(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        Repository repo = new Repository(abs);
        try {
            Path format = abs.resolve(FORMAT_FILE);
            if (Files.isRegularFile(format)) {
                String line = Files.readString(format, StandardCharsets.UTF_8).strip();
                if (!line.equals(FORMAT_LINE)) {
                    throw new RepositoryException(abs + " is a repository of another format: '" + line + "'");
                }
            } else {
                if (Files.isDirectory(abs)) {
                    try (var s = Files.list(abs)) {
                        if (s.findAny().isPresent()) {
                            throw new RepositoryException(abs + " is not an spfsd repository (no " + FORMAT_FILE
                                    + " file) and not empty; refusing to create one there");
                        }
                    }
                }
                Files.createDirectories(repo.tmp);
                AtomicFiles.write(repo.tmp, format, (FORMAT_LINE + "\n").getBytes(StandardCharsets.UTF_8));
            }
            for (Path dir : List.of(repo.objects, repo.payloads, repo.tmp, root.resolve("tags"))) {
                Files.createDirectories(abs.resolve(dir.getFileName()));
            }
        } catch (IOException e) {
            throw new RepositoryException("cannot open repository " + abs + ": " + IoErrors.describe(e), e);
        }
        return repo;
    }

    public Path root() {
        return root;
    }

    public TagStore tags() {
        return tags;
    }

    // ---- objects ----

    public Digest putManifest(Manifest m) {
        return putObject(ObjectCodec.encodeManifest(m));
    }

    /** Where object d is (or would be) kept. */
    Path objectPath(Digest d) {
        return shard(objects, d);
    }

    public Digest putLayer(Digest manifest) {
        return putObject(ObjectCodec.encodeLayer(new StoredObject.Layer(manifest)));
    }

    public Digest putPlatform(List<Digest> stack) {
        return putObject(ObjectCodec.encodePlatform(new StoredObject.Platform(stack)));
    }

    private Digest putObject(byte[] encoded) {
        Digest d = Digest.of(encoded);
        putCheckedObjectBytes(d, encoded);
        return d;
    }

    /** Stores bytes the caller has decoded and knows to have digest d (a transfer that checked them). */
    public void putCheckedObjectBytes(Digest d, byte[] encoded) {
        Path target = shard(objects, d);
        try {
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                AtomicFiles.write(tmp, target, encoded);
            }
        } catch (IOException e) {
            throw new RepositoryException("cannot write object " + d + ": " + IoErrors.describe(e), e);
        }
    }

    /** Stores an object's encoded bytes as they came (a transfer); refused if they are not a valid object. */
    public Digest putObjectBytes(byte[] encoded) {
        ObjectCodec.decode(encoded); // throws CorruptObjectException: nothing invalid is stored
        return putObject(encoded);
    }

    /** An object's encoded bytes, checked against its digest. */
    public byte[] readObjectBytes(Digest d) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(shard(objects, d));
        } catch (NoSuchFileException e) {
            throw new UnknownRefException("no object " + d + " in " + root);
        } catch (IOException e) {
            throw new RepositoryException("cannot read object " + d + ": " + IoErrors.describe(e), e);
        }
        if (!Digest.of(bytes).equals(d)) {
            throw new CorruptObjectException("object " + d + " is corrupt: its content does not match its digest");
        }
        return bytes;
    }

    /** Whether d's payload is here: one stat of the serving path's C string, without a Path where the system allows. */
    public boolean hasPayload(Digest d) {
        Boolean present = Os.current().isRegularFile(payloadCPaths.of(d));
        return present != null ? present : Files.isRegularFile(shard(payloads, d));
    }

    /**
     * Stores a payload that must have digest expected (a transfer): copied to tmp/ while hashed,
     * and renamed into place only if it matches; otherwise nothing is stored and this throws.
     */
    public Payload putPayloadExpecting(InputStream in, Digest expected) throws IOException {
        return putPayload(in, expected);
    }

    public boolean hasObject(Digest d) {
        return Files.isRegularFile(shard(objects, d));
    }

    private final JustDecoded justDecoded = new JustDecoded();

    /** o is what object d decodes to: d's bytes are here, or are being stored ({@link JustDecoded}). */
    public void justDecoded(Digest d, StoredObject o) {
        justDecoded.put(d, o);
    }

    /** Reads, verifies and decodes an object. */
    public StoredObject readObject(Digest d) {
        StoredObject o = justDecoded.get(d);
        if (o != null && hasObject(d)) {
            return o;
        }
        byte[] bytes = readObjectBytes(d);
        try {
            return ObjectCodec.decode(bytes);
        } catch (CorruptObjectException e) {
            throw new CorruptObjectException("object " + d + " is corrupt: " + e.getMessage());
        }
    }

    public Manifest readManifest(Digest d) {
        if (readObject(d) instanceof StoredObject.ManifestObject m) {
            return m.manifest();
        }
        throw new RepositoryException("object " + d + " is not a manifest");
    }

    /** The directory of the shard objects whose text starts with these characters are in. */
    Path objectShard(String shardChars) {
        return objects.resolve(shardChars);
    }

    // ---- payloads ----

    /** The digest and size of an imported payload. */
    public record Payload(Digest digest, long size) {
    }

    /**
     * Copies a file into the repository while hashing it; stores it once per digest. A sparse
     * file (fewer blocks allocated than its size needs) keeps its holes ({@link SparseCopy}).
     */
    public Payload importPayload(Path file) throws IOException {
        FileStat st = Os.current().stat(file);
        if (st != null && st.isSparse()) {
            Path t = newTmpFile();
            try {
                Payload p = SparseCopy.copy(file, t);
                publishPayload(t, p.digest());
                return p;
            } finally {
                Files.deleteIfExists(t);
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            return importPayload(in);
        }
    }

    public Payload importPayload(InputStream in) throws IOException {
        return putPayload(in, null);
    }

    /** Copies in into tmp/ while hashing it, then into place; expected null: any digest. */
    private Payload putPayload(InputStream in, Digest expected) throws IOException {
        Path t = newTmpFile();
        try {
            Payload p;
            try (OutputStream out = Files.newOutputStream(t, StandardOpenOption.WRITE)) {
                p = HashingCopy.copy(in, out);
            }
            checkArrived(p.digest(), expected);
            publishPayload(t, p.digest());
            return p;
        } finally {
            Files.deleteIfExists(t);
        }
    }

    /** Throws unless what arrived hashes to the digest expected of it (null: anything goes). */
    static void checkArrived(Digest got, Digest expected) {
        if (expected != null && !got.equals(expected)) {
            throw new CorruptObjectException("payload " + expected + " arrived with other content (digest "
                    + got + "): not stored");
        }
    }

    /** Copies in to out, hashing what passes: the digest is of exactly the bytes written. */
    static Payload copyHashing(InputStream in, OutputStream out, byte[] buf) throws IOException {
        MessageDigest sha = Digest.sha256ForBulk();
        long size = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            sha.update(buf, 0, n);
            out.write(buf, 0, n);
            size += n;
        }
        return new Payload(Digest.fromBytes(sha.digest()), size);
    }

    private void publishPayload(Path tmpFile, Digest d) throws IOException {
        Path target = shard(payloads, d);
        if (AtomicFiles.publish(tmpFile, target, false)) {
            verifier.recordWritten(d, target); // just hashed: the daemon need not hash it again
        }
    }

    public Payload putPayload(byte[] data) throws IOException {
        return importPayload(new java.io.ByteArrayInputStream(data));
    }

    /**
     * Replaces target, a cache file of this repository (such as remote-cache), atomically: a
     * reader sees the old or the new content, whoever else writes it. Not synced: a cache lost
     * in a crash costs only time.
     */
    public void replaceCacheFile(Path target, byte[] data) throws IOException {
        AtomicFiles.write(tmp, target, data, false);
    }

    /** Where files are written before they are renamed into place. */
    Path tmpDir() {
        return tmp;
    }

    /**
     * The calling thread's directory under tmp/ for payloads being written. Threads writing at
     * the same time each get their own (16 at most): files created in one shared directory
     * queue on its lock, and renames out of it on the file system's rename lock, while ext4
     * takes long over each create after many deletes (a 5,000-file pull spent most of its
     * time there: bench/results/performance-history.md, "Remote repositories").
     */
    Path tmpDirOfThisThread() throws IOException {
        int slot = (int) (Thread.currentThread().threadId() % TMP_SLOTS);
        Path dir = tmpSlots[slot];
        if (dir == null) {
            dir = Files.createDirectories(tmp.resolve("t" + slot));
            tmpSlots[slot] = dir;
        }
        return dir;
    }

    private Path newTmpFile() throws IOException {
        return AtomicFiles.createTemp(tmpDirOfThisThread(), "p-");
    }

    public Path payloadPath(Digest d) {
        return shard(payloads, d);
    }

    /** The directory payloads are stored in (docs/repository-format.md). */
    Path payloadsDir() {
        return payloads;
    }

    /**
     * Opens a payload to serve it: a read-only descriptor, or -1 if the payload is missing or
     * does not match its digest and size (logged once, naming the digest and what). Nothing
     * unverified is ever served: see {@link PayloadVerifier}.
     */
    public int openVerifiedPayload(Digest d, long expectedSize, String what) {
        return openVerifiedPayload(d, expectedSize, what, null, () -> false);
    }

    /**
     * The same for a runtime whose missing payloads come from remote (null: the daemon's own, if
     * any); a fetch ends early when gaveUp says the opener has (a signal).
     */
    public int openVerifiedPayload(Digest d, long expectedSize, String what, String remote,
                                   java.util.function.BooleanSupplier gaveUp) {
        MemorySegment path = payloadCPaths.of(d);
        int fd = Posix.open(path, Posix.O_RDONLY | Posix.O_CLOEXEC);
        if (fd < 0 && Posix.errno() == Posix.ENOENT && missingPayloads != null
                && missingPayloads.fetch(d, expectedSize, remote, gaveUp)) {
            fd = Posix.open(path, Posix.O_RDONLY | Posix.O_CLOEXEC); // fetched (and verified) just now
        }
        if (fd < 0) {
            int errno = Posix.errno();
            LOG.error("payload {} of {} {}; replied EIO", d, what,
                    errno == Posix.ENOENT ? "is missing from " + root : "cannot be opened (errno " + errno + ")");
            return -1;
        }
        if (!verifier.check(d, expectedSize, fd, what)) {
            Posix.close(fd);
            return -1;
        }
        java.util.function.Consumer<Digest> opened = payloadOpened;
        if (opened != null) {
            opened.accept(d);
        }
        return fd;
    }

    /** Where a payload missing here is fetched from (a lazy runtime's remote); null: nowhere. */
    private volatile MissingPayloads missingPayloads;

    /** Told of every payload opened (a remote cache's recency); null: nobody. */
    private volatile java.util.function.Consumer<Digest> payloadOpened;

    public void onPayloadOpened(java.util.function.Consumer<Digest> listener) {
        this.payloadOpened = listener;
    }

    /** Lets openVerifiedPayload fetch a missing payload (true: it is here now, verified). */
    public void fetchMissingPayloadsWith(MissingPayloads fetcher) {
        this.missingPayloads = fetcher;
    }

    public PayloadVerifier verifier() {
        return verifier;
    }

    /** Rehashes a payload completely; throws if its content no longer matches its digest. */
    public void verifyPayload(Digest d) {
        try (InputStream in = Files.newInputStream(payloadPath(d))) {
            MessageDigest sha = Digest.sha256ForBulk();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
            if (!Digest.fromBytes(sha.digest()).equals(d)) {
                throw new CorruptObjectException("payload " + d + " is corrupt: its content does not match its digest");
            }
        } catch (NoSuchFileException e) {
            throw new CorruptObjectException("payload " + d + " is missing from " + root);
        } catch (IOException e) {
            throw new RepositoryException("cannot read payload " + d + ": " + IoErrors.describe(e), e);
        }
    }

    /** Makes everything written so far durable; call before publishing what refers to it. */
    public void flush() {
        try {
            Os.current().syncFilesystemOf(root);
        } catch (IOException e) {
            throw new RepositoryException(e.getMessage(), e);
        }
    }

    /** objects/AB/CDEF...: the first characters of the digest name a directory ({@link Digest#shardedText}). */
    private static Path shard(Path base, Digest d) {
        return base.resolve(d.shardedText());
    }
}
