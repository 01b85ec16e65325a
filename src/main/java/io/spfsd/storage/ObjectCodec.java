package io.spfsd.storage;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary encoding of objects, specified in docs/repository-format.md. Big-endian,
 * canonical (one encoding per value), so that equal objects have equal digests.
 */
public final class ObjectCodec {
    static final byte[] MAGIC = {'S', 'P', 'F', 'D'};
    static final int FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 6;
    /** An entry's bytes before its name's: kind, mode, size, digest, the name's length. */
    private static final int ENTRY_FIXED_BYTES = 1 + 4 + 8 + Digest.BYTES + 2;
    private static final int MAX_TARGET_BYTES = 4096;
    private static final int ANNOTATION_TEXT = 1;
    private static final int ANNOTATION_BLOB = 2;
    /** The largest object read from a remote (a manifest of millions of entries is far smaller). */
    public static final int MAX_OBJECT_BYTES = 1 << 30;

    private ObjectCodec() {
    }

    // ---- encoding ----

    public static byte[] encodeManifest(Manifest m) {
        List<Tree> trees = new ArrayList<>(m.trees().values());
        trees.sort(Comparator.comparing(Tree::digest));
        long size = HEADER_BYTES + Digest.BYTES + 4;
        for (Tree t : trees) {
            size += treeSize(t.entries());
        }
        // The exact size: a manifest of 100,000 entries is megabytes, grown or copied once more is a
        // large allocation more in a daemon's small heap.
        ByteWriter out = manifestHead(ByteWriter.growing((int) Math.min(size, Integer.MAX_VALUE - 8)), m.rootDigest(),
                trees.size());
        for (Tree t : trees) {
            writeTree(out, t.entries());
        }
        return out.bytes();
    }

    /**
     * What a manifest's encoding starts with: header, root tree, number of trees. The trees
     * follow, each as {@link #encodeTree} gives it, in ascending order of their digests (an
     * import streams them from a temporary file, {@link TreeSpool}).
     */
    static byte[] encodeManifestHead(Digest root, int trees) {
        return manifestHead(ByteWriter.growing(256), root, trees).bytes();
    }

    private static ByteWriter manifestHead(ByteWriter out, Digest root, int trees) {
        header(out, ObjectKind.MANIFEST);
        out.digest(root);
        out.u32(trees);
        return out;
    }

    /**
     * A layer: its manifest's digest (all zero bytes for none), then, only if it has any, the
     * count of its annotations and each in its order: so a layer without annotations is encoded
     * (and digested) as before annotations existed.
     */
    public static byte[] encodeLayer(StoredObject.Layer layer) {
        ByteWriter out = header(ObjectKind.LAYER);
        out.digest(layer.manifest() == null ? Digest.NONE : layer.manifest());
        if (!layer.annotations().isEmpty()) {
            out.u32(layer.annotations().size());
            for (StoredObject.Annotation a : layer.annotations()) {
                utf8(out, a.key());
                if (a.blob() != null) {
                    out.u8(ANNOTATION_BLOB);
                    out.digest(a.blob());
                    out.u64(a.blobSize());
                } else {
                    out.u8(ANNOTATION_TEXT);
                    utf8(out, a.text());
                }
            }
        }
        return out.bytes();
    }

    public static byte[] encodePlatform(StoredObject.Platform p) {
        ByteWriter out = header(ObjectKind.PLATFORM);
        out.u32(p.stack().size());
        p.stack().forEach(out::digest);
        return out.bytes();
    }

    static byte[] encodeTree(List<Entry> sortedEntries) {
        ByteWriter out = ByteWriter.growing(treeSize(sortedEntries));
        writeTree(out, sortedEntries);
        return out.bytes();
    }

    /** The bytes {@link #writeTree} writes for entries. */
    static int treeSize(List<Entry> entries) {
        int size = 4;
        for (Entry e : entries) {
            size += ENTRY_FIXED_BYTES + Names.encodedLength(e.name())
                    + (e.kind() == EntryKind.SYMLINK ? 2 + Names.encodedLength(e.linkTarget()) : 0);
        }
        return size;
    }

    private static ByteWriter header(ObjectKind kind) {
        return header(ByteWriter.growing(256), kind);
    }

    private static ByteWriter header(ByteWriter out, ObjectKind kind) {
        out.raw(MAGIC);
        out.u8(FORMAT_VERSION);
        out.u8(kind.code);
        return out;
    }

    private static void writeTree(ByteWriter out, List<Entry> entries) {
        out.u32(entries.size());
        for (Entry e : entries) {
            writeEntry(out, e);
        }
    }

    /** Its own method so that it is compiled early: a loop's body in a method called once per tree runs interpreted for long. */
    private static void writeEntry(ByteWriter out, Entry e) {
        out.u8(e.kind().code);
        out.u32(e.mode());
        out.u64(e.size());
        out.digest(e.digest());
        string16(out, e.name());
        if (e.kind() == EntryKind.SYMLINK) {
            string16(out, e.linkTarget());
        }
    }

    // ---- decoding ----

    /** Decodes an object whose bytes have already been checked against their digest. */
    public static StoredObject decode(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            ObjectKind kind = readHeader(b);
            StoredObject obj = switch (kind) {
                case MANIFEST -> new StoredObject.ManifestObject(readManifest(b));
                case LAYER -> readLayer(b);
                case PLATFORM -> readPlatform(b);
            };
            if (b.hasRemaining()) {
                throw new CorruptObjectException(b.remaining() + " trailing bytes after a " + kind.label());
            }
            return obj;
        } catch (BufferUnderflowException e) {
            throw new CorruptObjectException("object is truncated");
        } catch (IllegalArgumentException e) {
            throw new CorruptObjectException(e.getMessage());
        }
    }

    private static ObjectKind readHeader(ByteBuffer b) {
        for (byte m : MAGIC) {
            if (b.get() != m) {
                throw new CorruptObjectException("not an spfsd object (bad magic)");
            }
        }
        int version = b.get() & 0xff;
        if (version != FORMAT_VERSION) {
            throw new CorruptObjectException("unsupported object format version " + version);
        }
        return ObjectKind.fromCode(b.get() & 0xff);
    }

    private static StoredObject.Layer readLayer(ByteBuffer b) {
        Digest manifest = Digest.read(b);
        List<StoredObject.Annotation> annotations = new ArrayList<>();
        if (b.hasRemaining()) {
            int n = count(b, 4 + 1 + 4);
            if (n == 0) {
                throw new CorruptObjectException("a layer's annotation count of 0 is written as none");
            }
            for (int i = 0; i < n; i++) {
                String key = utf8(b);
                annotations.add(switch (b.get()) {
                    case ANNOTATION_TEXT -> StoredObject.Annotation.text(key, utf8(b));
                    case ANNOTATION_BLOB -> {
                        Digest blob = Digest.read(b);
                        long size = b.getLong();
                        if (size < 0) {
                            throw new CorruptObjectException("annotation " + key + " has a negative size");
                        }
                        yield StoredObject.Annotation.blob(key, blob, size);
                    }
                    default -> throw new CorruptObjectException("annotation " + key + " has an unknown kind of value");
                });
            }
        } else if (manifest.equals(Digest.NONE)) {
            throw new CorruptObjectException("a layer with neither a manifest nor annotations");
        }
        return new StoredObject.Layer(manifest.equals(Digest.NONE) ? null : manifest, annotations);
    }

    private static String utf8(ByteBuffer b) {
        int len = count(b, 1);
        int start = b.position();
        b.position(start + len);
        String text = Names.strictUtf8(b.array(), b.arrayOffset() + start, len);
        if (text == null) {
            throw new CorruptObjectException("an annotation that is not UTF-8");
        }
        return text;
    }

    private static StoredObject.Platform readPlatform(ByteBuffer b) {
        int n = count(b, Digest.BYTES);
        List<Digest> stack = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            stack.add(Digest.read(b));
        }
        return new StoredObject.Platform(stack);
    }

    private static Manifest readManifest(ByteBuffer b) {
        Digest root = Digest.read(b);
        int treeCount = count(b, 4);
        Map<Digest, Tree> trees = HashMap.newHashMap(treeCount);
        Digest previous = null;
        var sha = Digest.sha256();
        for (int i = 0; i < treeCount; i++) {
            int start = b.position();
            boolean[] hasMask = new boolean[1];
            List<Entry> entries = readTreeEntries(b, hasMask);
            sha.update(b.array(), start, b.position() - start);
            Digest d = Digest.fromBytes(sha.digest());
            if (previous != null && previous.compareTo(d) >= 0) {
                throw new CorruptObjectException("manifest trees are not in digest order");
            }
            previous = d;
            trees.put(d, Tree.decoded(entries, d, hasMask[0]));
        }
        for (Tree t : trees.values()) {
            for (Entry e : t.entries()) {
                if (e.isDirectory() && !trees.containsKey(e.digest())) {
                    throw new CorruptObjectException("manifest lacks tree " + e.digest() + " of " + e.name());
                }
            }
        }
        return new Manifest(root, trees);
    }

    /** A tree's entries; hasMask[0] is set if one is a mask. */
    private static List<Entry> readTreeEntries(ByteBuffer b, boolean[] hasMask) {
        int n = count(b, ENTRY_FIXED_BYTES);
        List<Entry> entries = new ArrayList<>(n);
        Entry previous = null;
        for (int i = 0; i < n; i++) {
            previous = readEntry(b, previous);
            hasMask[0] |= previous.kind() == EntryKind.MASK;
            entries.add(previous);
        }
        return entries;
    }

    /**
     * One entry, checked, after previous in name order. Its own method so that it is compiled
     * after a few hundred entries: a loop in a method called once per tree runs interpreted for
     * its first 60,000 turns (HotSpot's back-edge threshold).
     */
    private static Entry readEntry(ByteBuffer b, Entry previous) {
        EntryKind kind = EntryKind.fromCode(b.get() & 0xff);
        int mode = b.getInt();
        long size = b.getLong();
        Digest digest = Digest.read(b);
        String name = string16(b, Names.MAX_BYTES);
        String target = kind == EntryKind.SYMLINK ? string16(b, MAX_TARGET_BYTES) : null;
        Entry e = new Entry(name, kind, mode, size, digest, target);
        checkEntry(e);
        if (previous != null && Names.compare(previous.name(), name) >= 0) {
            throw new CorruptObjectException("tree entries are not in name order at " + name);
        }
        return e;
    }

    private static void checkEntry(Entry e) {
        int type = e.mode() & Entry.S_IFMT;
        boolean ok = switch (e.kind()) {
            case DIRECTORY -> type == Entry.S_IFDIR && e.size() == 0;
            case FILE -> type == Entry.S_IFREG && e.size() >= 0;
            case SYMLINK -> type == Entry.S_IFLNK
                    && e.size() == Names.encodedLength(e.linkTarget())
                    && e.digest().equals(Digest.of(Names.encode(e.linkTarget())));
            case MASK -> e.mode() == 0 && e.size() == 0 && e.digest().equals(Digest.NONE);
        };
        if (!ok) {
            throw new CorruptObjectException("inconsistent " + e.kind().name().toLowerCase() + " entry " + e.name());
        }
    }

    /** Reads an element count and rejects one that cannot fit in what is left. */
    private static int count(ByteBuffer b, int minBytesEach) {
        long n = b.getInt() & 0xffffffffL;
        if (n * minBytesEach > b.remaining()) {
            throw new CorruptObjectException("count " + n + " exceeds the object's size");
        }
        return (int) n;
    }

    private static String string16(ByteBuffer b, int max) {
        int len = b.getShort() & 0xffff;
        if (len > max) {
            throw new CorruptObjectException("string of " + len + " bytes exceeds " + max);
        }
        if (len > b.remaining()) {
            throw new CorruptObjectException("object is truncated");
        }
        int start = b.position();
        b.position(start + len);
        // Bytes, exactly: names need not be UTF-8 (see Names).
        return Names.decode(b.array(), b.arrayOffset() + start, len);
    }

    /** A string of at most 64 KiB as its bytes (Names.encode: names keep their exact bytes), after their length. */
    private static void string16(ByteWriter out, String s) {
        byte[] raw = Names.encode(s);
        if (raw.length > 0xffff) {
            throw new IllegalArgumentException("string too long to encode: " + raw.length + " bytes");
        }
        out.u8(raw.length >>> 8).u8(raw.length).raw(raw);
    }

    /** Text as UTF-8, after its length. */
    private static void utf8(ByteWriter out, String s) {
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        out.u32(raw.length).raw(raw);
    }
}
