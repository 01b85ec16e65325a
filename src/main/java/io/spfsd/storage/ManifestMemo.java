package io.spfsd.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Which manifest an import's root tree gave before. A manifest is a function of its root tree
 * (every tree is named by its content, so the root names all the others), so a re-commit of an
 * unchanged tree need not encode and hash the manifest again: megabytes for a large tree, and
 * the system's SHA-256 loaded for them, ~40 ms of a 0.65 s re-commit of /usr/share.
 *
 * <p>Kept in the repository's {@code import-manifests}: 64-byte records, the root tree's digest
 * then the manifest's. A record is used only when the manifest object it names exists and
 * starts with that root (one read of 38 bytes): a torn or wrong record costs an encode, never a
 * wrong layer. Deleting the file is always safe.
 */
final class ManifestMemo {
    private static final int RECORD = 2 * Digest.BYTES;
    private final Repository repo;
    private final Path file;

    ManifestMemo(Repository repo) {
        this.repo = repo;
        this.file = repo.root().resolve("import-manifests");
    }

    /** The manifest an earlier import made of rootTree, if it is still in the repository; else null. */
    Digest lookup(Digest rootTree) {
        Map<Digest, Digest> known = load();
        Digest manifest = known.get(rootTree);
        return manifest != null && isManifestOf(manifest, rootTree) ? manifest : null;
    }

    /** Whether the object manifest is here and is a manifest whose root tree is rootTree (a read of its first 38 bytes). */
    private boolean isManifestOf(Digest manifest, Digest rootTree) {
        byte[] head = new byte[ObjectCodec.HEADER_BYTES + Digest.BYTES];
        try (java.io.InputStream in = Files.newInputStream(repo.objectPath(manifest))) {
            if (in.readNBytes(head, 0, head.length) != head.length) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        return head[ObjectCodec.HEADER_BYTES - 1] == ObjectKind.MANIFEST.code
                && java.util.Arrays.equals(head, ObjectCodec.HEADER_BYTES, head.length, rootTree.toBytes(), 0,
                Digest.BYTES);
    }

    /** Remembers that rootTree's manifest is manifest (once that manifest object is written). */
    void remember(Digest rootTree, Digest manifest) {
        ByteBuffer b = ByteBuffer.allocate(RECORD).put(rootTree.toBytes()).put(manifest.toBytes());
        try {
            Files.write(file, b.array(), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            // a memo: the next import encodes the manifest again
        }
    }

    private Map<Digest, Digest> load() {
        Map<Digest, Digest> known = new HashMap<>();
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            return known;
        }
        byte[] root = new byte[Digest.BYTES];
        byte[] manifest = new byte[Digest.BYTES];
        ByteBuffer b = ByteBuffer.wrap(all);
        while (b.remaining() >= RECORD) {
            b.get(root).get(manifest);
            known.put(Digest.fromBytes(root), Digest.fromBytes(manifest));
        }
        return known;
    }
}
