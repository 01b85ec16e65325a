package io.spfsd.storage;

import io.spfsd.os.FileIdentity;
import io.spfsd.os.FileStat;
import io.spfsd.os.Os;
import io.spfsd.os.Posix;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Never serve bytes that do not match their digest. A payload is rehashed completely before
 * its first byte is served; the verdict is kept per file identity ({@link FileIdentity}), so
 * later opens pay one statx and a map look-up, and any change to the file (a flipped byte
 * changes its ctime, a truncation its size) forces a new verdict.
 *
 * <p>Verdicts are also written to the repository's {@code verified} file, one line each, by
 * the daemon and by {@code commit} (which has just hashed what it stored), so a freshly
 * committed or already verified payload is not hashed again after a daemon restart. The file
 * is a cache: deleting it costs rehashing, nothing else (docs/repository-format.md).
 */
public final class PayloadVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(PayloadVerifier.class);
    static final String FILE = "verified";
    private static final int CHUNK = 1 << 20;
    private static final ThreadLocal<MemorySegment> BUFFER = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(CHUNK, 4096));

    private final Path file;
    private final Map<Digest, FileIdentity> good = new ConcurrentHashMap<>();
    /** Identities already found corrupt, so a corrupt file is logged and hashed once, not per open. */
    private final Map<Digest, FileIdentity> bad = new ConcurrentHashMap<>();
    private final Map<Digest, Object> hashing = new ConcurrentHashMap<>();
    private long readUpTo; // how much of the verdict file has been loaded; guarded by this

    PayloadVerifier(Path repositoryRoot) {
        this.file = repositoryRoot.resolve(FILE);
    }

    /**
     * True if the payload open as fd matches digest and expected size; false (logged once,
     * naming digest and what) if it is corrupt or cannot be checked. The first call for a
     * new identity hashes the whole file; concurrent first opens of one payload hash it once.
     */
    public boolean check(Digest digest, long expectedSize, int fd, String what) {
        FileStat st = Os.current().stat(fd);
        if (st == null) {
            LOG.error("payload {} of {}: cannot stat (errno {}); replied EIO", digest, what, Posix.errno());
            return false;
        }
        FileIdentity id = st.identity();
        if (id.equals(good.get(digest))) {
            return true;
        }
        Object lock = hashing.computeIfAbsent(digest, d -> new Object());
        synchronized (lock) {
            try {
                return decide(digest, expectedSize, fd, what, id);
            } finally {
                hashing.remove(digest, lock);
            }
        }
    }

    private boolean decide(Digest digest, long expectedSize, int fd, String what, FileIdentity id) {
        if (id.equals(good.get(digest))) {
            return true; // another opener has just verified it
        }
        if (id.equals(bad.get(digest))) {
            return false;
        }
        loadNewVerdicts();
        if (id.equals(good.get(digest))) {
            return true;
        }
        String problem = id.size() != expectedSize
                ? id.size() + " bytes where " + expectedSize + " were committed"
                : hashMismatch(digest, fd);
        if (problem == null) {
            record(digest, id);
            return true;
        }
        bad.put(digest, id);
        LOG.error("payload {} of {} is corrupt ({}): not served, replied EIO; run 'spfsd check'", digest, what,
                problem);
        return false;
    }

    /** Null if the file's content hashes to digest, else what is wrong. */
    private static String hashMismatch(Digest digest, int fd) {
        MemorySegment buf = BUFFER.get();
        MessageDigest sha = Digest.sha256ForBulk();
        long offset = 0;
        while (true) {
            long n = Posix.pread(fd, buf, CHUNK, offset);
            if (n < 0) {
                return "read failed with errno " + Posix.errno();
            }
            if (n == 0) {
                break;
            }
            sha.update(buf.asSlice(0, n).asByteBuffer());
            offset += n;
        }
        return Digest.fromBytes(sha.digest()).equals(digest) ? null : "its content does not match its digest";
    }

    /** Records that the file at path, just written from content that hashed to digest, is good. */
    void recordWritten(Digest digest, Path path) {
        FileStat st = Os.current().stat(path);
        if (st != null) {
            record(digest, st.identity());
        }
    }

    private void record(Digest digest, FileIdentity id) {
        good.put(digest, id);
        bad.remove(digest);
        append(line(digest, id));
    }

    /**
     * Appends whole verdict lines with one write (an import's, which does not keep them: a
     * daemon reads them from the file when it meets those payloads).
     */
    void append(CharSequence lines) {
        if (lines.isEmpty()) {
            return;
        }
        try {
            // O_APPEND: whole lines in one small write never interleave with another writer's.
            Files.writeString(file, lines, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            LOG.debug("cannot record verdicts: {}", e.toString());
        }
    }

    static String line(Digest d, FileIdentity id) {
        StringBuilder sb = new StringBuilder(100);
        appendLine(sb, d, id);
        return sb.toString();
    }

    /** {@link #line} appended to sb, making no String (a commit notes a verdict per new file). */
    static void appendLine(StringBuilder sb, Digest d, FileIdentity id) {
        d.appendText(sb);
        sb.append(' ').append(id.dev()).append(' ').append(id.ino()).append(' ').append(id.size()).append(' ')
                .append(id.ctimeNanos()).append('\n');
    }

    /** Reads the verdicts now, not on the first open that needs them (a daemon's warm-up). */
    public void preload() {
        loadNewVerdicts();
    }

    /** Reads the lines appended to the verdict file since the last call. */
    private synchronized void loadNewVerdicts() {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < readUpTo) {
                readUpTo = 0; // rewritten by 'spfsd check'
            }
            if (size == readUpTo) {
                return;
            }
            byte[] bytes = new byte[(int) Math.min(size - readUpTo, Integer.MAX_VALUE - 16)];
            int n = ch.read(java.nio.ByteBuffer.wrap(bytes), readUpTo);
            int end = 0;
            for (int i = 0; i < n; i++) {
                if (bytes[i] == '\n') {
                    parse(new String(bytes, end, i - end, StandardCharsets.US_ASCII));
                    end = i + 1;
                }
            }
            readUpTo += end; // a torn last line is read again once it is complete
        } catch (NoSuchFileException e) {
            readUpTo = 0;
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}", file, e.toString());
        }
    }

    private void parse(String line) {
        String[] f = line.split(" ");
        if (f.length != 5) {
            return;
        }
        try {
            good.put(Digest.parse(f[0]), new FileIdentity(Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[4])));
        } catch (IllegalArgumentException e) {
            // a damaged line: that payload is hashed again, nothing worse
        }
    }

    /** Replaces the verdict file by these verdicts (what 'spfsd check' found good). */
    void rewrite(Map<Digest, FileIdentity> verdicts, Path tmpDir) throws IOException {
        StringBuilder sb = new StringBuilder(verdicts.size() * 100);
        verdicts.forEach((d, id) -> appendLine(sb, d, id));
        AtomicFiles.write(tmpDir, file, sb.toString().getBytes(StandardCharsets.US_ASCII));
        synchronized (this) {
            good.clear();
            good.putAll(verdicts);
            bad.clear();
            readUpTo = 0;
        }
    }
}
