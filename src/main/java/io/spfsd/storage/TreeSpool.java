package io.spfsd.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trees an import has made, kept in a temporary file until they become its manifest, so
 * that an import holds a digest and an offset per distinct directory instead of every entry of
 * the tree (a manifest is one object: docs/repository-format.md). Trees are added from several
 * threads at once; the manifest is then written by streaming them, in digest order, into the
 * object file while hashing it.
 */
final class TreeSpool implements AutoCloseable {
    private record Slot(long offset, int length) {
    }

    private final Repository repo;
    private final FileChannel spool;
    private final AtomicLong end = new AtomicLong();
    private final Map<Digest, Slot> slots = new ConcurrentHashMap<>();

    TreeSpool(Repository repo) throws IOException {
        this.repo = repo;
        Path file = AtomicFiles.createTemp(repo.tmpDirOfThisThread(), "trees-");
        this.spool = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
    }

    /** Adds the tree of these entries (any order; duplicate names refused) and gives its digest. */
    Digest add(List<Entry> entries) throws IOException {
        byte[] encoded = ObjectCodec.encodeTree(Tree.sorted(entries));
        Digest d = Digest.of(encoded);
        if (!slots.containsKey(d)) { // a directory that appears twice is stored once
            long at = end.getAndAdd(encoded.length); // each writer its own range: no lock
            ByteBuffer b = ByteBuffer.wrap(encoded);
            while (b.hasRemaining()) {
                spool.write(b, at + b.position());
            }
            slots.putIfAbsent(d, new Slot(at, encoded.length));
        }
        return d;
    }

    /** Writes the manifest of the tree root (added here, with all below it) and gives its digest. */
    Digest writeManifest(Digest root) throws IOException {
        if (!slots.containsKey(root)) {
            throw new IllegalStateException("no tree " + root + " was added");
        }
        List<Digest> order = new ArrayList<>(slots.keySet());
        order.sort(null);
        MessageDigest sha = Digest.sha256For(end.get()); // a large tree's manifest is megabytes
        Path tmp = AtomicFiles.createTemp(repo.tmpDirOfThisThread(), "m-");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.allocate(1 << 16);
                buf.put(ObjectCodec.encodeManifestHead(root, order.size()));
                for (Digest d : order) {
                    Slot s = slots.get(d);
                    for (long at = s.offset(), stop = s.offset() + s.length(); at < stop; ) {
                        if (!buf.hasRemaining()) {
                            drain(buf, sha, out);
                        }
                        int want = (int) Math.min(buf.remaining(), stop - at);
                        ByteBuffer piece = buf.slice(buf.position(), want);
                        while (piece.hasRemaining()) {
                            if (spool.read(piece, at + piece.position()) < 0) {
                                throw new IOException("the import's tree spool ended early");
                            }
                        }
                        buf.position(buf.position() + want);
                        at += want;
                    }
                }
                drain(buf, sha, out);
                out.force(true);
            }
            Digest manifest = Digest.fromBytes(sha.digest());
            AtomicFiles.publish(tmp, repo.objectPath(manifest), false);
            return manifest;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Hashes and writes what buf holds, and empties it. */
    private static void drain(ByteBuffer buf, MessageDigest sha, FileChannel out) throws IOException {
        buf.flip();
        sha.update(buf.duplicate());
        while (buf.hasRemaining()) {
            out.write(buf);
        }
        buf.clear();
    }

    @Override
    public void close() throws IOException {
        spool.close();
    }
}
