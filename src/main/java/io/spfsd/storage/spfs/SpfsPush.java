package io.spfsd.storage.spfs;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Entry;
import io.spfsd.storage.EntryKind;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.Names;
import io.spfsd.storage.Repository;
import io.spfsd.storage.StoredObject;
import io.spfsd.storage.Tree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what an spfsd ref reaches into an spfs repository as spfs reads it: objects in the
 * flatbuffer encoding under a header naming the salted digest strategy (what spfs writes by
 * default, so an object gets the digest spfs would give it), payloads by their SHA-256,
 * symlinks as payloads holding their targets. A manifest lists its root tree first, then
 * each directory's tree depth first in name order, each tree once, as spfs builds one.
 */
public final class SpfsPush {
    static final SpfsHeader.Strategy STRATEGY = SpfsHeader.Strategy.WITH_KIND_AND_SALT;

    private final Repository from;
    private final SpfsRepository to;
    private final Map<Digest, Digest> converted = new HashMap<>();
    private long payloads;

    public SpfsPush(Repository from, SpfsRepository to) {
        this.from = from;
        this.to = to;
    }

    /** What a push did: the spfs digest the ref became. */
    public record Result(Digest spfsDigest, long objects, long payloads) {
    }

    public Result push(Digest local) throws IOException {
        Digest d = object(local);
        return new Result(d, converted.size(), payloads);
    }

    private Digest object(Digest local) throws IOException {
        Digest done = converted.get(local);
        if (done != null) {
            return done;
        }
        Digest d = switch (from.readObject(local)) {
            case StoredObject.Platform p -> {
                List<Digest> topFirst = new ArrayList<>();
                for (Digest layer : p.stack().reversed()) {
                    topFirst.add(object(layer));
                }
                yield to.writeObject(new SpfsObject.Platform(topFirst), STRATEGY);
            }
            case StoredObject.Layer l -> to.writeObject(new SpfsObject.Layer(
                    l.manifest() == null ? null : object(l.manifest()), annotations(l)), STRATEGY);
            case StoredObject.ManifestObject m -> to.writeObject(manifest(m.manifest()), STRATEGY);
            default -> throw new SpfsFormatException("object " + local + " has no spfs form");
        };
        converted.put(local, d);
        return d;
    }

    /** l's annotations as spfs holds them: a blob's payload written with the blob object spfs writes beside it. */
    private List<SpfsObject.Annotation> annotations(StoredObject.Layer l) throws IOException {
        List<SpfsObject.Annotation> out = new ArrayList<>(l.annotations().size());
        for (StoredObject.Annotation a : l.annotations()) {
            if (a.blob() != null) {
                copyPayload(a.blob(), "the annotation " + a.key());
                to.writeObject(new SpfsObject.Blob(a.blob(), a.blobSize()), STRATEGY);
            }
            out.add(new SpfsObject.Annotation(a.key(), a.text(), a.blob()));
        }
        return out;
    }

    private SpfsObject.Manifest manifest(Manifest m) throws IOException {
        Map<Digest, SpfsTree> byDigest = new HashMap<>(); // spfs's digest → tree
        Digest root = tree(m, m.root(), byDigest, new HashMap<>());
        LinkedHashMap<Digest, SpfsTree> order = new LinkedHashMap<>();
        visit(root, byDigest, order);
        return new SpfsObject.Manifest(List.copyOf(order.values()));
    }

    /** The spfs digest of t, converted with its subtrees into byDigest; each distinct tree once (done: by spfsd's digest). */
    private Digest tree(Manifest m, Tree t, Map<Digest, SpfsTree> byDigest, Map<Digest, Digest> done) throws IOException {
        Digest known = done.get(t.digest());
        if (known != null) {
            return known;
        }
        List<SpfsEntry> entries = new ArrayList<>();
        for (Entry e : t.entries()) {
            entries.add(switch (e.kind()) {
                case DIRECTORY -> new SpfsEntry(e.name(), SpfsEntry.Kind.TREE, e.mode(), 0,
                        tree(m, m.tree(e), byDigest, done));
                case FILE -> new SpfsEntry(e.name(), SpfsEntry.Kind.BLOB, e.mode(), e.size(), filePayload(e));
                case SYMLINK -> new SpfsEntry(e.name(), SpfsEntry.Kind.BLOB, e.mode(), e.size(), linkPayload(e));
                case MASK -> new SpfsEntry(e.name(), SpfsEntry.Kind.MASK, 0, 0, Digest.NONE);
            });
        }
        SpfsTree s = new SpfsTree(entries);
        Digest d = s.digest();
        byDigest.put(d, s);
        done.put(t.digest(), d);
        return d;
    }

    /**
     * The root, then each directory's tree depth first in name order, each tree once: spfs's
     * order (graph/manifest.rs). A tree met again has had its subtrees listed already.
     */
    private static void visit(Digest d, Map<Digest, SpfsTree> byDigest, LinkedHashMap<Digest, SpfsTree> order) {
        SpfsTree t = byDigest.get(d);
        if (order.putIfAbsent(d, t) != null) {
            return;
        }
        t.entries().stream().filter(e -> e.kind() == SpfsEntry.Kind.TREE)
                .sorted((a, b) -> java.util.Arrays.compareUnsigned(Names.encode(a.name()), Names.encode(b.name())))
                .forEach(e -> visit(e.object(), byDigest, order));
    }

    private Digest filePayload(Entry e) throws IOException {
        copyPayload(e.digest(), "the file " + Names.display(e.name()));
        return e.digest();
    }

    /** Payload d of what (a file, an annotation), written unless spfs has it; one line if this repository lacks it. */
    private void copyPayload(Digest d, String what) throws IOException {
        if (!to.hasPayload(d)) {
            if (!from.hasPayload(d)) {
                throw new io.spfsd.storage.RepositoryException("cannot push: " + io.spfsd.storage.MissingPayloads.toSend(from, d, what));
            }
            try (InputStream in = Files.newInputStream(from.payloadPath(d))) {
                to.writePayload(d, in);
            }
            payloads++;
        }
    }

    private Digest linkPayload(Entry e) throws IOException {
        byte[] target = Names.encode(e.linkTarget());
        Digest d = Digest.of(target);
        if (!to.hasPayload(d)) {
            to.writePayload(d, new ByteArrayInputStream(target));
            payloads++;
        }
        return d;
    }
}
