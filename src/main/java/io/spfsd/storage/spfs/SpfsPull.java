package io.spfsd.storage.spfs;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Entry;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.Names;
import io.spfsd.storage.Repository;
import io.spfsd.storage.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies what an spfs ref reaches into an spfsd repository: platforms, layers and manifests
 * become spfsd's objects (spfsd's own digests), payloads are copied once and checked on the
 * way (their digests are the same in both systems: SHA-256 of the content). A symlink, which
 * spfs keeps as a payload holding its target, becomes a symlink entry. Layer annotations have
 * no place in spfsd's layers and are left behind.
 */
public final class SpfsPull {
    /** Deeper than any real tree; a deeper one is refused rather than followed. */
    static final int MAX_DEPTH = 1024;
    /** PATH_MAX: no symlink target is longer. */
    static final int MAX_LINK_BYTES = 4096;

    private final SpfsRepository from;
    private final Repository to;
    private final Map<Digest, Digest> converted = new HashMap<>();
    private long payloads;
    private long bytes;

    public SpfsPull(SpfsRepository from, Repository to) {
        this.from = from;
        this.to = to;
    }

    /** What a pull did. */
    public record Result(Digest spfsDigest, Digest spfsdDigest, long objects, long payloads, long bytes) {
    }

    /** Pulls what ref (an spfs tag or digest) reaches; the spfsd digest it became. */
    public Result pull(String ref) throws IOException {
        Digest d = from.resolve(ref);
        Digest local = object(d, 0);
        return new Result(d, local, converted.size(), payloads, bytes);
    }

    private Digest object(Digest d, int depth) throws IOException {
        Digest done = converted.get(d);
        if (done != null) {
            return done;
        }
        if (depth > MAX_DEPTH) {
            throw new SpfsFormatException("object " + d.spfsText() + ": platforms nested deeper than " + MAX_DEPTH);
        }
        Digest local = switch (from.readObject(d).object()) {
            case SpfsObject.Platform p -> {
                List<Digest> bottomFirst = new ArrayList<>();
                for (Digest layer : p.topFirst().reversed()) {
                    bottomFirst.add(object(layer, depth + 1));
                }
                yield to.putPlatform(bottomFirst);
            }
            case SpfsObject.Layer l -> {
                if (l.manifest() == null) {
                    throw new SpfsFormatException("layer " + d.spfsText() + " has annotations and no files: nothing to pull");
                }
                yield to.putLayer(object(l.manifest(), depth + 1));
            }
            case SpfsObject.Manifest m -> to.putManifest(manifest(m, d));
            case SpfsObject.Blob b -> throw new SpfsFormatException("object " + d.spfsText()
                    + " is a blob (one file's content), not a platform, layer or manifest");
        };
        converted.put(d, local);
        return local;
    }

    private Manifest manifest(SpfsObject.Manifest m, Digest d) throws IOException {
        Map<Digest, SpfsTree> byDigest = new HashMap<>();
        for (SpfsTree t : m.trees()) {
            byDigest.putIfAbsent(t.digest(), t);
        }
        Map<Digest, Tree> trees = new HashMap<>();
        Tree root = tree(m.root(), byDigest, trees, new HashMap<>(), "manifest " + d.spfsText(), 0);
        return new Manifest(root.digest(), trees);
    }

    private Tree tree(SpfsTree t, Map<Digest, SpfsTree> byDigest, Map<Digest, Tree> trees, Map<Digest, Tree> done,
            String what, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new SpfsFormatException(what + ": directories nested deeper than " + MAX_DEPTH);
        }
        List<Entry> entries = new ArrayList<>(t.entries().size());
        for (SpfsEntry e : t.entries()) {
            try {
                Names.check(e.name());
            } catch (io.spfsd.storage.CorruptObjectException bad) {
                throw new SpfsFormatException(what + ": refused the entry name '" + Names.display(e.name()) + "'");
            }
            entries.add(switch (e.kind()) {
                case MASK -> Entry.mask(e.name());
                case TREE -> {
                    SpfsTree sub = byDigest.get(e.object());
                    if (sub == null) {
                        throw new SpfsFormatException(what + ": " + Names.display(e.name()) + " names the tree "
                                + e.object().spfsText() + ", which the manifest does not hold");
                    }
                    Tree converted = done.get(e.object());
                    if (converted == null) {
                        converted = tree(sub, byDigest, trees, done, what, depth + 1);
                        done.put(e.object(), converted);
                    }
                    yield Entry.directory(e.name(), e.mode(), converted.digest());
                }
                case BLOB -> (e.mode() & Entry.S_IFMT) == Entry.S_IFLNK
                        ? Entry.symlink(e.name(), linkTarget(e, what))
                        : Entry.file(e.name(), e.mode(), e.size(), payload(e, what));
            });
        }
        Tree out;
        try {
            out = Tree.of(entries);
        } catch (RuntimeException bad) { // two entries of one name
            throw new SpfsFormatException(what + ": " + bad.getMessage());
        }
        trees.put(out.digest(), out);
        return out;
    }

    private Digest payload(SpfsEntry e, String what) throws IOException {
        Digest d = e.object();
        if (to.hasPayload(d)) {
            return d;
        }
        if (!from.hasPayload(d)) {
            throw new SpfsFormatException(what + ": the payload of " + Names.display(e.name()) + " (" + d.spfsText()
                    + ") is not in " + from.root());
        }
        long size = Files.size(from.payloadPath(d));
        if (size != e.size()) {
            throw new SpfsFormatException(what + ": " + Names.display(e.name()) + " is said to be " + e.size()
                    + " bytes; its payload is " + size);
        }
        try (InputStream in = Files.newInputStream(from.payloadPath(d))) {
            to.putPayloadExpecting(in, d); // refused, nothing stored, if it does not hash to d
        }
        payloads++;
        bytes += size;
        return d;
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
