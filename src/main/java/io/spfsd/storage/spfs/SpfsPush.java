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
 * legacy encoding under a header naming the salted digest strategy (the one spfs uses by
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
            case StoredObject.Layer l -> to.writeObject(new SpfsObject.Layer(object(l.manifest()), List.of()), STRATEGY);
            case StoredObject.ManifestObject m -> to.writeObject(manifest(m.manifest()), STRATEGY);
            default -> throw new SpfsFormatException("object " + local + " has no spfs form");
        };
        converted.put(local, d);
        return d;
    }

    private SpfsObject.Manifest manifest(Manifest m) throws IOException {
        LinkedHashMap<Digest, SpfsTree> trees = new LinkedHashMap<>();
        tree(m, m.root(), trees);
        List<SpfsTree> ordered = new ArrayList<>(trees.values());
        SpfsTree root = ordered.removeLast(); // made last, listed first
        ordered.addFirst(root);
        return new SpfsObject.Manifest(dedupe(ordered));
    }

    /** Converts t (its subtrees first) into out; returns its spfs form. */
    private SpfsTree tree(Manifest m, Tree t, LinkedHashMap<Digest, SpfsTree> out) throws IOException {
        List<SpfsEntry> entries = new ArrayList<>();
        List<SpfsTree> subtrees = new ArrayList<>();
        for (Entry e : t.entries()) {
            entries.add(switch (e.kind()) {
                case DIRECTORY -> {
                    SpfsTree sub = tree(m, m.tree(e), out);
                    subtrees.add(sub);
                    yield new SpfsEntry(e.name(), SpfsEntry.Kind.TREE, e.mode(), 0, sub.digest());
                }
                case FILE -> new SpfsEntry(e.name(), SpfsEntry.Kind.BLOB, e.mode(), e.size(), filePayload(e));
                case SYMLINK -> new SpfsEntry(e.name(), SpfsEntry.Kind.BLOB, e.mode(), e.size(), linkPayload(e));
                case MASK -> new SpfsEntry(e.name(), SpfsEntry.Kind.MASK, 0, 0, Digest.NONE);
            });
        }
        SpfsTree s = new SpfsTree(entries);
        out.putLast(s.digest(), s);
        return s;
    }

    /** Depth first in name order from the root, each tree once: spfs's order (graph/manifest.rs). */
    private static List<SpfsTree> dedupe(List<SpfsTree> rootFirst) {
        Map<Digest, SpfsTree> byDigest = new HashMap<>();
        rootFirst.forEach(t -> byDigest.put(t.digest(), t));
        LinkedHashMap<Digest, SpfsTree> order = new LinkedHashMap<>();
        visit(rootFirst.getFirst(), byDigest, order);
        return List.copyOf(order.values());
    }

    private static void visit(SpfsTree t, Map<Digest, SpfsTree> byDigest, LinkedHashMap<Digest, SpfsTree> order) {
        order.putIfAbsent(t.digest(), t);
        t.entries().stream().filter(e -> e.kind() == SpfsEntry.Kind.TREE)
                .sorted((a, b) -> java.util.Arrays.compareUnsigned(Names.encode(a.name()), Names.encode(b.name())))
                .forEach(e -> visit(byDigest.get(e.object()), byDigest, order));
    }

    private Digest filePayload(Entry e) throws IOException {
        if (!to.hasPayload(e.digest())) {
            try (InputStream in = Files.newInputStream(from.payloadPath(e.digest()))) {
                to.writePayload(e.digest(), in);
            }
            payloads++;
        }
        return e.digest();
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
