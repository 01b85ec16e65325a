package io.spfsd.node;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.Tree;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directory trees of every live view, by digest, counted by how many views hold them.
 * A directory node finds its subdirectories' trees here rather than holding its view's
 * whole manifest: trees are content-addressed, so any live view's tree of a digest is the
 * one, and a view's trees go as soon as its last runtime does, whatever the kernel still
 * caches. A node whose subtree no live view shows any more answers ESTALE.
 */
public final class TreeRegistry {
    private record Counted(Tree tree, int views) {
    }

    private final ConcurrentHashMap<Digest, Counted> trees = new ConcurrentHashMap<>();

    /** A view of this manifest went live. */
    public void retain(Manifest m) {
        for (Map.Entry<Digest, Tree> e : m.trees().entrySet()) {
            trees.merge(e.getKey(), new Counted(e.getValue(), 1), (a, b) -> new Counted(a.tree(), a.views() + 1));
        }
    }

    /** A view of this manifest ended. */
    public void release(Manifest m) {
        for (Digest d : m.trees().keySet()) {
            trees.computeIfPresent(d, (k, c) -> c.views() <= 1 ? null : new Counted(c.tree(), c.views() - 1));
        }
    }

    /** The tree of digest if a live view has it, else null. */
    public Tree get(Digest d) {
        Counted c = trees.get(d);
        return c == null ? null : c.tree();
    }

    public int size() {
        return trees.size();
    }
}
