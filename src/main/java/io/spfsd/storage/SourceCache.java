package io.spfsd.storage;

import io.spfsd.os.FileIdentity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What earlier imports learned: the digest of a source file, by its identity (device, inode,
 * size, ctime in ns). ctime changes whenever a file's content or metadata does and cannot be
 * set by anyone, so an identity seen again is the same content, and re-committing an unchanged
 * tree reads no file at all. A file changed within the clock tick of its hashing could keep its
 * ctime, so only files whose ctime is older than the import's start by a margin are recorded.
 * Kept in the repository's {@code import-cache}: 64-byte records, big-endian, of the digest's
 * 32 bytes then dev, ino, size and ctime (ns) as 8-byte integers; binary because a re-commit
 * of a large tree starts by loading it, and text took a cold JVM ~100 ms per 46,000 files. A
 * torn last record is ignored (that file is hashed again).
 */
final class SourceCache {
    /** How much older than the import a ctime must be to be trusted later (clock ticks are ms). */
    static final long STABLE_MARGIN_NANOS = 2_000_000_000L;
    /** Past this many lines the file is rewritten with only what the last import saw. */
    private static final int COMPACT_AT = 1_000_000;

    private final Path file;
    private final Map<FileIdentity, Digest> known = new ConcurrentHashMap<>();
    private final Map<FileIdentity, Digest> seen = new ConcurrentHashMap<>();
    private final Map<FileIdentity, Digest> added = new ConcurrentHashMap<>();
    private final long trustedBeforeNanos;
    private int lines;

    SourceCache(Path file, long importStartNanos) {
        this.file = file;
        this.trustedBeforeNanos = importStartNanos - STABLE_MARGIN_NANOS;
        load();
    }

    private static final int RECORD = 64;

    private void load() {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            return; // none yet, or unreadable: a cache, without it files are hashed again
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        lines = all.length / RECORD;
        byte[] digest = new byte[32];
        while (b.remaining() >= RECORD) {
            b.get(digest);
            known.put(new FileIdentity(b.getLong(), b.getLong(), b.getLong(), b.getLong()), Digest.fromBytes(digest));
        }
    }

    /** The digest an earlier import found for this identity, or null. */
    Digest lookup(FileIdentity id) {
        Digest d = known.get(id);
        if (d != null && lines > COMPACT_AT / 2) { // what a compaction keeps: only when one may come
            seen.put(id, d);
        }
        return d;
    }

    /** Remembers a digest just computed, if the file's ctime is old enough to be trusted. */
    void learn(FileIdentity id, Digest d) {
        if (id.ctimeNanos() < trustedBeforeNanos) {
            added.put(id, d);
        }
    }

    /** Appends what this import learned (one write), or rewrites the file when it has grown large. */
    void save() {
        try {
            if (lines + added.size() > COMPACT_AT) {
                seen.putAll(added);
                AtomicFiles.write(file.getParent(), file, records(seen)); // a unique temp: imports may overlap
            } else if (!added.isEmpty()) {
                Files.write(file, records(added), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE);
            }
        } catch (IOException e) {
            // a cache: the next import hashes these files again
        }
    }

    private static byte[] records(Map<FileIdentity, Digest> entries) {
        ByteBuffer b = ByteBuffer.allocate(entries.size() * RECORD);
        entries.forEach((id, d) -> b.put(d.toBytes()).putLong(id.dev()).putLong(id.ino()).putLong(id.size())
                .putLong(id.ctimeNanos()));
        return b.array();
    }
}
