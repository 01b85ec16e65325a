package io.spfsd.storage;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A whole directory tree: the root tree and every tree below it, keyed by digest. It is
 * the content of one layer.
 */
public final class Manifest {
    private final Digest root;
    private final Map<Digest, Tree> trees;

    public Manifest(Digest root, Map<Digest, Tree> trees) {
        if (!trees.containsKey(root)) {
            throw new CorruptObjectException("manifest lacks its root tree " + root);
        }
        this.root = root;
        this.trees = Map.copyOf(trees);
    }

    public Tree root() {
        return trees.get(root);
    }

    public Digest rootDigest() {
        return root;
    }

    public Map<Digest, Tree> trees() {
        return trees;
    }

    /** The tree a directory entry points to. */
    public Tree tree(Entry directory) {
        Tree t = trees.get(directory.digest());
        if (t == null) {
            throw new CorruptObjectException("manifest lacks tree " + directory.digest() + " of " + directory.name());
        }
        return t;
    }

    /** Visits every entry depth-first in name order, with its path relative to the root ("a/b"). */
    public void walk(BiConsumer<String, Entry> visitor) {
        walk(root(), "", visitor);
    }

    private void walk(Tree tree, String prefix, BiConsumer<String, Entry> visitor) {
        for (Entry e : tree.entries()) {
            String path = prefix.isEmpty() ? e.name() : prefix + "/" + e.name();
            visitor.accept(path, e);
            if (e.isDirectory()) {
                walk(tree(e), path, visitor);
            }
        }
    }

    /**
     * Number of entries in the whole tree (not counting the root): counted per distinct tree,
     * without making any path (every registration counts its runtime's entries).
     */
    public long entryCount() {
        return count(root(), new java.util.HashMap<>());
    }

    private long count(Tree t, java.util.Map<Digest, Long> counted) {
        Long known = counted.get(t.digest());
        if (known != null) {
            return known;
        }
        long n = 0;
        for (Entry e : t.entries()) {
            n++;
            if (e.isDirectory()) {
                n += count(tree(e), counted);
            }
        }
        counted.put(t.digest(), n);
        return n;
    }
}
