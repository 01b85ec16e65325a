package io.spfsd.storage.spfs;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Entry;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.Names;
import io.spfsd.storage.StoredObject;
import io.spfsd.storage.Tree;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what an spfs object reaches into spfsd's objects: platforms, layers and manifests
 * become spfsd's (with spfsd's own digests) and go to a {@link Sink}; payloads keep their
 * digests (SHA-256 of the content in both systems) and are read where they are.
 * A symlink, which spfs keeps as a payload holding its target, becomes a symlink entry. Layer
 * annotations come along, a blob's with the size spfs's blob object gives its payload.
 */
public final class SpfsConversion {
    /** Deeper than any real tree; a deeper one is refused rather than followed. */
    static final int MAX_DEPTH = 1024;
    /** PATH_MAX: no symlink target is longer. */
    static final int MAX_LINK_BYTES = 4096;

    /** Where converted objects go (payloads keep their digests and stay where they are). */
    public interface Sink {
        Digest manifest(Manifest m) throws IOException;

        /** A layer: manifest is null for one of annotations alone. */
        Digest layer(Digest manifest, List<StoredObject.Annotation> annotations) throws IOException;

        Digest platform(List<Digest> bottomFirst) throws IOException;
    }

    private final SpfsRepository from;
    private final Sink to;
    private final Map<Digest, Digest> converted = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile io.spfsd.storage.ConversionMemo memo;

    public SpfsConversion(SpfsRepository from, Sink to) {
        this.from = from;
        this.to = to;
    }

    /** From now on, what a repository holds from earlier conversions is taken rather than converted again. */
    public void remembering(io.spfsd.storage.ConversionMemo memo) {
        this.memo = memo;
    }

    /** The spfsd digest that spfs object d (and all it reaches) becomes; converted once. */
    public synchronized Digest convert(Digest d) throws IOException {
        return object(d, 0);
    }

    /** How many objects have been converted. */
    public int objects() {
        return converted.size();
    }

    private Digest object(Digest d, int depth) throws IOException {
        Digest done = converted.get(d);
        if (done != null) {
            return done;
        }
        if (depth > MAX_DEPTH) {
            throw new SpfsFormatException("object " + d.spfsText() + ": platforms nested deeper than " + MAX_DEPTH);
        }
        io.spfsd.storage.ConversionMemo noted = memo;
        Digest known = noted == null ? null : noted.known(d);
        if (known != null) { // not kept in converted: asked again, since a clean may take it from the repository
            return known;
        }
        SpfsObjects.Read read = from.readObject(d);
        Digest local = switch (read.object()) {
            case SpfsObject.Platform p -> {
                List<Digest> bottomFirst = new ArrayList<>();
                for (Digest layer : p.topFirst().reversed()) {
                    bottomFirst.add(object(layer, depth + 1));
                }
                yield to.platform(bottomFirst);
            }
            case SpfsObject.Layer l -> to.layer(l.manifest() == null ? null : object(l.manifest(), depth + 1),
                    annotations(l, d));
            case SpfsObject.Manifest m -> to.manifest(manifest(m, read.treeDigests(), d));
            case SpfsObject.Blob b -> throw new SpfsFormatException("object " + d.spfsText()
                    + " is a blob (one file's content), not a platform, layer or manifest");
        };
        converted.put(d, local);
        if (noted != null) {
            noted.remember(d, local);
        }
        return local;
    }

    private List<StoredObject.Annotation> annotations(SpfsObject.Layer l, Digest d) throws IOException {
        List<StoredObject.Annotation> out = new ArrayList<>(l.annotations().size());
        for (SpfsObject.Annotation a : l.annotations()) {
            out.add(a.blob() == null ? StoredObject.Annotation.text(a.key(), a.string())
                    : StoredObject.Annotation.blob(a.key(), a.blob(), blobSize(a, d)));
        }
        return out;
    }

    /** The size of an annotation's payload: spfs writes a blob object beside it that gives it. */
    private long blobSize(SpfsObject.Annotation a, Digest layer) throws IOException {
        if (from.hasObject(a.blob()) && from.readObject(a.blob()).object() instanceof SpfsObject.Blob b) {
            return b.size();
        }
        if (from.hasPayload(a.blob())) {
            return Files.size(from.payloadPath(a.blob()));
        }
        throw new SpfsFormatException("layer " + layer.spfsText() + ": the annotation " + a.key() + " names the blob "
                + a.blob().spfsText() + ", which the repository does not hold");
    }

    /** m converted; treeDigests are its trees' spfs digests, in its order (found when it was read). */
    Manifest manifest(SpfsObject.Manifest m, List<Digest> treeDigests, Digest d) throws IOException {
        Map<Digest, SpfsTree> byDigest = new HashMap<>();
        for (int i = 0; i < m.trees().size(); i++) {
            byDigest.putIfAbsent(treeDigests.get(i), m.trees().get(i));
        }
        Map<Digest, Tree> trees = new HashMap<>();
        // A manifest of 100,000 entries is tens of MB hashed (spfs's digests checked, spfsd's made),
        // which the JDK's SHA-256 does at interpreter speed in a fresh daemon; the system's does not.
        Tree root = tree(m.root(), byDigest, trees, new HashMap<>(), "manifest " + d.spfsText(), 0,
                Digest.sha256ForBulk());
        return new Manifest(root.digest(), trees);
    }

    private Tree tree(SpfsTree t, Map<Digest, SpfsTree> byDigest, Map<Digest, Tree> trees, Map<Digest, Tree> done,
            String what, int depth, java.security.MessageDigest sha) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new SpfsFormatException(what + ": directories nested deeper than " + MAX_DEPTH);
        }
        List<Entry> entries = new ArrayList<>(t.entries().size());
        for (SpfsEntry e : t.entries()) {
            entries.add(e.kind() == SpfsEntry.Kind.TREE ? directory(e, byDigest, trees, done, what, depth, sha)
                    : leaf(e, what));
        }
        Tree out;
        try {
            out = Tree.of(entries, sha);
        } catch (RuntimeException bad) { // two entries of one name
            throw new SpfsFormatException(what + ": " + bad.getMessage());
        }
        trees.put(out.digest(), out);
        return out;
    }

    private Entry directory(SpfsEntry e, Map<Digest, SpfsTree> byDigest, Map<Digest, Tree> trees, Map<Digest, Tree> done,
            String what, int depth, java.security.MessageDigest sha) throws IOException {
        checkName(e, what);
        SpfsTree sub = byDigest.get(e.object());
        if (sub == null) {
            throw new SpfsFormatException(what + ": " + Names.display(e.name()) + " names the tree "
                    + e.object().spfsText() + ", which the manifest does not hold");
        }
        Tree converted = done.get(e.object());
        if (converted == null) {
            converted = tree(sub, byDigest, trees, done, what, depth + 1, sha);
            done.put(e.object(), converted);
        }
        return Entry.directory(e.name(), e.mode(), converted.digest());
    }

    /**
     * A file, symlink or mask. Its own method, not the loop's body: a method is compiled after a
     * few hundred calls, a loop in one called once per tree runs interpreted for 60,000 turns.
     */
    private Entry leaf(SpfsEntry e, String what) throws IOException {
        checkName(e, what);
        return switch (e.kind()) {
            case MASK -> Entry.mask(e.name());
            case BLOB -> (e.mode() & Entry.S_IFMT) == Entry.S_IFLNK
                    ? Entry.symlink(e.name(), linkTarget(e, what))
                    : Entry.file(e.name(), e.mode(), e.size(), e.object());
            case TREE -> throw new IllegalArgumentException("a directory is no leaf");
        };
    }

    private static void checkName(SpfsEntry e, String what) throws SpfsFormatException {
        try {
            Names.check(e.name());
        } catch (io.spfsd.storage.CorruptObjectException bad) {
            throw new SpfsFormatException(what + ": refused the entry name '" + Names.display(e.name()) + "'");
        }
    }

    private String linkTarget(SpfsEntry e, String what) throws IOException {
        Digest d = e.object();
        if (!from.hasPayload(d) || Files.size(from.payloadPath(d)) > MAX_LINK_BYTES) {
            throw new SpfsFormatException(what + ": the symlink " + Names.display(e.name()) + " has no target payload"
                    + " of at most " + MAX_LINK_BYTES + " bytes");
        }
        byte[] target = Files.readAllBytes(from.payloadPath(d));
        if (!Digest.of(target).equals(d)) {
            throw new SpfsFormatException(what + ": the target of the symlink " + Names.display(e.name())
                    + " does not match its digest");
        }
        return Names.decode(target);
    }
}
