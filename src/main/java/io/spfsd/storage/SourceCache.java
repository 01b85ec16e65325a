package io.spfsd.storage;

import io.spfsd.os.FileIdentity;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What earlier imports learned: the digest of a source file, by its identity (device, inode,
 * size, ctime in ns). ctime changes whenever a file's content or metadata does and cannot be
 * set by anyone, so an identity seen again is the same content, and re-committing an unchanged
 * tree reads no file at all. A file changed within the clock tick of its hashing could keep its
 * ctime, so only files whose ctime is older than the import's start by a margin are recorded.
 * Kept in the repository's {@code import-cache}: 64-byte records, big-endian, of the digest's
 * 32 bytes then dev, ino, size and ctime (ns) as 8-byte integers; binary because a re-commit
 * of a large tree starts by loading it. A torn last record is ignored (that file is hashed again).
 *
 * <p>Kept compact, because an import's memory must not grow with its tree: the file is mapped
 * (a ByteBuffer: C1, which runs commit, compiles its reads to loads, where a MemorySegment's
 * went through var handles and made loading 48,000 records cost 21 ms), behind an
 * open-addressing index of ints (record + 1, 0 when empty) and a byte a record for
 * {@code seen}: some 72 bytes of memory a record, 9 of them heap, and no object per record (a
 * map of records cost ~200 bytes of heap). What this import learns goes to a temporary file,
 * appended to the cache at {@link #save}; the file never holds more than {@link #COMPACT_AT}
 * records after a save.
 */
final class SourceCache implements AutoCloseable {
    /** How much older than the import a ctime must be to be trusted later (clock ticks are ms). */
    static final long STABLE_MARGIN_NANOS = 2_000_000_000L;
    /** Past this many records the file is rewritten with only what the last import saw. */
    static final int COMPACT_AT = 1_000_000;
    private static final int RECORD = 64;

    private final Path file;
    private final long trustedBeforeNanos;
    private final long compactAt;
    /** Record i is bytes [64i, 64i+64), big-endian: the digest's four words, then dev, ino, size, ctime. */
    private final ByteBuffer records;
    private final int count;
    private final int mask;
    private final int[] index;
    /** Which records this import looked up: what a compaction keeps. Racy stores of 1 are safe. */
    private final byte[] seen;
    private OutputStream learned; // guarded by this: this import's new records, in a temporary file
    private Path learnedFile;
    private long learnedCount;

    /** The cache of the repository at root, for an import starting now. */
    static SourceCache forImport(Path root) {
        java.time.Instant now = java.time.Instant.now();
        return new SourceCache(root.resolve("import-cache"), now.getEpochSecond() * 1_000_000_000L + now.getNano());
    }

    SourceCache(Path file, long importStartNanos) {
        this(file, importStartNanos, COMPACT_AT);
    }

    /** With another compaction threshold (tests). */
    SourceCache(Path file, long importStartNanos, long compactAt) {
        this.file = file;
        this.compactAt = compactAt;
        this.trustedBeforeNanos = importStartNanos - STABLE_MARGIN_NANOS;
        this.records = map(file);
        this.count = records.capacity() / RECORD;
        int slots = Math.max(16, Integer.highestOneBit(Math.max(1, count)) << 2); // at most half full
        this.mask = slots - 1;
        this.index = new int[slots];
        for (int i = 0; i < count; i++) {
            int at = i * RECORD + 32;
            index[slotOf(word(at), word(at + 8), word(at + 16), word(at + 24))] = i + 1;
        }
        this.seen = new byte[count];
    }

    /** The file's whole records, mapped (none when it is absent or unreadable: a cache, files are hashed again). */
    private static ByteBuffer map(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            // A save leaves at most COMPACT_AT records; a larger file (an older spfsd's) is read in
            // part, so the index stays within commit's heap (8M slots, 32 MB, at most).
            long whole = Math.min(ch.size() / RECORD, 2L * COMPACT_AT);
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, whole * RECORD);
        } catch (IOException e) {
            return ByteBuffer.allocate(0);
        }
    }

    private long word(int at) {
        return records.getLong(at);
    }

    /** The slot of this identity, or the empty slot where it would go. */
    private int slotOf(long dev, long ino, long size, long ctime) {
        long h = (ino * 0x9E3779B97F4A7C15L) ^ (ctime * 0xC2B2AE3D27D4EB4FL) ^ dev ^ (size << 17);
        int slot = (int) (h ^ (h >>> 29)) & mask;
        while (true) {
            int r = index[slot];
            if (r == 0) {
                return slot;
            }
            int at = (r - 1) * RECORD + 32;
            if (word(at) == dev && word(at + 8) == ino && word(at + 16) == size && word(at + 24) == ctime) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The digest an earlier import found for this identity, or null. */
    Digest lookup(FileIdentity id) {
        int r = index[slotOf(id.dev(), id.ino(), id.size(), id.ctimeNanos())];
        if (r == 0) {
            return null;
        }
        seen[r - 1] = 1;
        int at = (r - 1) * RECORD;
        return Digest.ofWords(word(at), word(at + 8), word(at + 16), word(at + 24));
    }

    /** Remembers a digest just computed, if the file's ctime is old enough to be trusted. */
    void learn(FileIdentity id, Digest d) {
        if (id.ctimeNanos() >= trustedBeforeNanos) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(RECORD);
        d.write(b);
        b.putLong(id.dev()).putLong(id.ino()).putLong(id.size()).putLong(id.ctimeNanos());
        synchronized (this) {
            try {
                if (learned == null) {
                    learnedFile = AtomicFiles.createTemp(tmpDir(), "import-cache-");
                    learned = new BufferedOutputStream(Files.newOutputStream(learnedFile), 1 << 16);
                }
                learned.write(b.array());
                learnedCount++;
            } catch (IOException e) {
                // a cache: this file is hashed again next time
            }
        }
    }

    /**
     * Adds what this import learned to the file (appended), or rewrites it with only what this
     * import saw once it has grown past {@link #COMPACT_AT} records. Call it once the payloads
     * are durable (after {@link Repository#flush}): an identity in the cache must name a
     * payload that survives a crash, since the next import that finds it flushes nothing of its own.
     */
    synchronized void save() {
        try {
            if (learned != null) {
                learned.close();
            }
            if (count + learnedCount > compactAt) {
                compact();
            } else if (learnedCount > 0) {
                // 64 KiB of whole records a write (O_APPEND: another import's records go between
                // them, never inside one), not a write a record.
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE), RECORD << 10)) {
                    appendLearned(out, learnedCount);
                }
            }
        } catch (IOException e) {
            // a cache: the next import hashes these files again
        } finally {
            discardLearned();
        }
    }

    /**
     * Rewrites the file with what this import saw, then what it learned, at most {@link
     * #COMPACT_AT} records: the cache, mapped whole by the next import, stays bounded too (a
     * larger tree has its other files hashed again).
     */
    private void compact() throws IOException {
        Path tmp = AtomicFiles.createTemp(tmpDir(), "import-cache-");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                long room = compactAt;
                byte[] record = new byte[RECORD];
                for (int i = 0; i < count && room > 0; i++) {
                    if (seen[i] != 0) {
                        records.get(i * RECORD, record);
                        out.write(record);
                        room--;
                    }
                }
                appendLearned(out, room);
            }
            AtomicFiles.publish(tmp, file, true); // a unique temp: imports may overlap
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Copies at most room of the records this import learned to out, 1,024 whole records a
     * write (a record at a time, the copy took ~40 ms of a 48,000-file commit, in cold code).
     */
    private void appendLearned(OutputStream out, long room) throws IOException {
        if (learnedFile != null) {
            try (InputStream in = Files.newInputStream(learnedFile)) {
                byte[] records = new byte[RECORD << 10];
                for (long left = room * RECORD; left > 0; ) {
                    int n = in.readNBytes(records, 0, (int) Math.min(records.length, left));
                    n -= n % RECORD; // only whole records (the file holds nothing else)
                    if (n == 0) {
                        break;
                    }
                    out.write(records, 0, n);
                    left -= n;
                }
            }
        }
    }

    /** The repository's tmp/, beside the cache file. */
    private Path tmpDir() throws IOException {
        return Files.createDirectories(file.resolveSibling("tmp"));
    }

    /** Drops what was learned and not saved (an import that failed): its temporary file goes. */
    @Override
    public synchronized void close() {
        discardLearned();
    }

    private void discardLearned() {
        if (learnedFile != null) {
            try {
                if (learned != null) {
                    learned.close(); // a second close, after save's, does nothing
                }
            } catch (IOException e) {
                // going anyway
            }
            try {
                Files.deleteIfExists(learnedFile);
            } catch (IOException e) {
                // a stray file in tmp/: safe to delete, as any there
            }
            learned = null;
            learnedFile = null;
            learnedCount = 0;
        }
    }
}
