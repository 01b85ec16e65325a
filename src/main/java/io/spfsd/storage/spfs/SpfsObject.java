package io.spfsd.storage.spfs;

import io.spfsd.storage.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An object of an spfs repository: a platform (a stack of layers), a layer (a manifest), a
 * manifest (its trees, the root first) or a blob (a payload's digest and size). Its digest is
 * computed as spfs does, by the strategy its header names; a blob's digest is its payload's.
 */
public sealed interface SpfsObject {
    /** Object kinds and their numbers in the header. Trees and masks never stand alone in a file. */
    enum Kind {
        BLOB(0), MANIFEST(1), LAYER(2), PLATFORM(3);

        final int number;

        Kind(int number) {
            this.number = number;
        }

        static Kind ofNumber(int n, String what) throws SpfsFormatException {
            for (Kind k : values()) {
                if (k.number == n) {
                    return k;
                }
            }
            throw new SpfsFormatException(what + ": unknown or unexpected object kind " + n);
        }
    }

    /** Primes a salted digest so that it cannot equal one of user content (spfs's graph/object.rs). */
    byte[] DIGEST_SALT = "spfs digest da8d8e62-9459-11ee-adab-00155dcb338b\0".getBytes(StandardCharsets.US_ASCII);

    /** An annotation value's kind byte, in a layer's digest. */
    byte ANNOTATION_STRING = 1;
    byte ANNOTATION_BLOB = 2;

    Kind kind();

    /** The layers, top first, as the legacy encoding lists them. */
    record Platform(List<Digest> topFirst) implements SpfsObject {
        public Platform {
            topFirst = List.copyOf(topFirst);
        }

        @Override
        public Kind kind() {
            return Kind.PLATFORM;
        }
    }

    /** A layer: its manifest, and annotations (key, value) which only the flatbuffer encoding can hold. */
    record Layer(Digest manifest, List<Annotation> annotations) implements SpfsObject {
        public Layer {
            annotations = List.copyOf(annotations);
        }

        @Override
        public Kind kind() {
            return Kind.LAYER;
        }
    }

    /** A layer annotation: a key and either a string or the digest of a blob holding the value. */
    record Annotation(String key, String string, Digest blob) {
    }

    record Manifest(List<SpfsTree> trees) implements SpfsObject {
        public Manifest {
            trees = List.copyOf(trees);
        }

        @Override
        public Kind kind() {
            return Kind.MANIFEST;
        }

        public SpfsTree root() {
            return trees.getFirst();
        }
    }

    record Blob(Digest payload, long size) implements SpfsObject {
        @Override
        public Kind kind() {
            return Kind.BLOB;
        }
    }

    /** The object's body in the legacy encoding (a layer with annotations has none). */
    static void encodeBody(SpfsObject o, LegacyWriter w) {
        switch (o) {
            case Platform p -> {
                w.u64(p.topFirst().size());
                p.topFirst().forEach(w::digest);
            }
            case Layer l -> {
                if (!l.annotations().isEmpty()) {
                    throw new IllegalArgumentException("a layer with annotations has no legacy encoding");
                }
                w.digest(l.manifest());
            }
            case Manifest m -> {
                m.root().encode(w);
                w.u64(m.trees().size() - 1);
                m.trees().stream().skip(1).forEach(t -> t.encode(w));
            }
            case Blob b -> w.digest(b.payload()).u64(b.size());
        }
    }

    /** A manifest's digest and each of its trees' own, in its order. */
    record ManifestDigests(Digest manifest, List<Digest> trees) {
    }

    /**
     * The same as {@link #digest} for a manifest, and each tree's digest on the way: the
     * manifest's encoding is its trees' encodings (the root, the count of the others, the
     * others), so each is encoded once and hashed twice.
     */
    static ManifestDigests manifestDigests(Manifest m, SpfsHeader.Strategy strategy) {
        LegacyWriter w = hasher(LegacyWriter.toBulkHash(), m, strategy);
        java.security.MessageDigest sha = Digest.sha256ForBulk(); // every tree's: tens of MB for a large manifest
        List<Digest> trees = new ArrayList<>(m.trees().size());
        for (int i = 0; i < m.trees().size(); i++) {
            byte[] encoded = m.trees().get(i).encoded();
            trees.add(Digest.fromBytes(sha.digest(encoded)));
            w.raw(encoded);
            if (i == 0) {
                w.u64(m.trees().size() - 1);
            }
        }
        return new ManifestDigests(w.digest(), trees);
    }

    /** The object's digest under strategy, as spfs computes it. */
    static Digest digest(SpfsObject o, SpfsHeader.Strategy strategy) {
        if (o instanceof Blob b) {
            return b.payload();
        }
        if (o instanceof Manifest m) {
            return manifestDigests(m, strategy).manifest();
        }
        LegacyWriter w = hasher(o, strategy);
        if (o instanceof Layer l) {
            if (l.manifest() != null) {
                w.digest(l.manifest());
            }
            l.annotations().forEach(a -> encodeAnnotation(a, w));
        } else {
            encodeBody(o, w);
        }
        return w.digest();
    }

    /** A hash for o's digest under strategy, begun: the salted strategy hashes a salt and the kind first. */
    private static LegacyWriter hasher(SpfsObject o, SpfsHeader.Strategy strategy) {
        return hasher(LegacyWriter.toHash(), o, strategy);
    }

    private static LegacyWriter hasher(LegacyWriter w, SpfsObject o, SpfsHeader.Strategy strategy) {
        if (strategy == SpfsHeader.Strategy.WITH_KIND_AND_SALT) {
            w.raw(DIGEST_SALT).u8(o.kind().number);
        }
        return w;
    }

    /** An annotation as a layer's digest includes it: its key, then a kind byte and the value. */
    private static void encodeAnnotation(Annotation a, LegacyWriter w) {
        w.string(a.key());
        if (a.blob() != null) {
            w.u8(ANNOTATION_BLOB).digest(a.blob());
        } else {
            w.u8(ANNOTATION_STRING).string(a.string());
        }
    }

    /** Reads a legacy-encoded body of kind from data at offset. */
    static SpfsObject decodeLegacy(Kind kind, byte[] data, int offset, String what) throws SpfsFormatException {
        LegacyReader r = new LegacyReader(data, offset, what);
        SpfsObject o = switch (kind) {
            case PLATFORM -> {
                int n = r.count("the platform's layer count", Digest.BYTES);
                List<Digest> layers = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    layers.add(r.digest("a layer digest"));
                }
                yield new Platform(layers);
            }
            case LAYER -> new Layer(r.digest("the layer's manifest"), List.of());
            case MANIFEST -> {
                List<SpfsTree> trees = new ArrayList<>();
                trees.add(SpfsTree.decode(r));
                int n = r.count("the manifest's tree count", 8);
                for (int i = 0; i < n; i++) {
                    trees.add(SpfsTree.decode(r));
                }
                yield new Manifest(trees);
            }
            case BLOB -> new Blob(r.digest("the blob's payload"), r.u64("the blob's size"));
        };
        r.end();
        return o;
    }
}
