package io.spfsd.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Merges a stack of manifests (bottom first) into the one manifest a runtime shows.
 *
 * <p>Per name, the top-most layer that has it decides: a file or symlink hides everything
 * below; a mask deletes the name from the layers below; a directory merges with the
 * directories of the same name below it, down to the first layer where the name is masked
 * or is not a directory. Masks never appear in the result. A directory only one layer
 * contributes to keeps its tree (and digest) untouched, so merging is cheap where layers
 * do not overlap.
 */
public final class StackMerge {
    private final Map<Digest, Tree> out = new HashMap<>();
    private final Map<Digest, Tree> cleaned = new HashMap<>();

    private StackMerge() {
    }

    /** Reads the manifests (bottom first) from repo and merges them. */
    public static Manifest load(Repository repo, List<Digest> bottomFirst) {
        return merge(bottomFirst.stream().map(repo::readManifest).toList());
    }

    public static Manifest merge(List<Manifest> bottomFirst) {
        if (bottomFirst.isEmpty()) {
            Tree empty = Tree.of(List.of());
            return new Manifest(empty.digest(), Map.of(empty.digest(), empty));
        }
        if (bottomFirst.size() == 1) {
            Manifest only = bottomFirst.getFirst();
            if (!hasMasks(only)) {
                return only; // most layers: nothing to take out, and no tree need be made again
            }
            StackMerge m = new StackMerge();
            Tree root = m.clean(only, only.root());
            return root == only.root() ? only : new Manifest(root.digest(), m.out);
        }
        List<Layer> topFirst = new ArrayList<>();
        for (int i = bottomFirst.size() - 1; i >= 0; i--) {
            topFirst.add(new Layer(bottomFirst.get(i), bottomFirst.get(i).root()));
        }
        StackMerge m = new StackMerge();
        Tree root = m.mergeDirs(topFirst);
        return new Manifest(root.digest(), m.out);
    }

    /** One layer's tree at the directory being merged. */
    private record Layer(Manifest manifest, Tree tree) {
    }

    private Tree mergeDirs(List<Layer> topFirst) {
        if (topFirst.size() == 1) {
            return clean(topFirst.getFirst().manifest(), topFirst.getFirst().tree());
        }
        TreeSet<String> names = new TreeSet<>(Names::compare);
        for (Layer l : topFirst) {
            for (Entry e : l.tree().entries()) {
                names.add(e.name());
            }
        }
        List<Entry> merged = new ArrayList<>(names.size());
        for (String name : names) {
            Entry result = resolve(name, topFirst);
            if (result != null) {
                merged.add(result);
            }
        }
        return keep(Tree.of(merged));
    }

    /** The merged entry for one name, or null when it is masked or absent. */
    private Entry resolve(String name, List<Layer> topFirst) {
        Entry top = null;
        List<Layer> dirs = new ArrayList<>();
        for (Layer l : topFirst) {
            Entry e = l.tree().find(name);
            if (e == null) {
                continue; // absent: transparent
            }
            if (top == null) {
                top = e;
                if (!e.isDirectory()) {
                    break; // file, symlink or mask: nothing below shows
                }
            } else if (!e.isDirectory()) {
                break; // a mask or non-directory below a directory ends the merge
            }
            dirs.add(new Layer(l.manifest(), l.manifest().tree(e)));
        }
        if (top == null || top.kind() == EntryKind.MASK) {
            return null;
        }
        if (!top.isDirectory()) {
            return top;
        }
        Tree tree = mergeDirs(dirs);
        return Entry.directory(name, top.permissions(), tree.digest());
    }

    /** A single layer's tree with its masks removed; the same tree when it has none. */
    private static boolean hasMasks(Manifest m) {
        for (Tree t : m.trees().values()) {
            if (t.hasMask()) {
                return true;
            }
        }
        return false;
    }

    private Tree clean(Manifest m, Tree tree) {
        Tree done = cleaned.get(tree.digest());
        if (done != null) {
            return done;
        }
        boolean changed = false;
        List<Entry> entries = new ArrayList<>(tree.entries().size());
        for (Entry e : tree.entries()) {
            if (e.kind() == EntryKind.MASK) {
                changed = true;
                continue;
            }
            if (e.isDirectory()) {
                Tree child = clean(m, m.tree(e));
                if (!child.digest().equals(e.digest())) {
                    changed = true;
                    e = Entry.directory(e.name(), e.permissions(), child.digest());
                }
            }
            entries.add(e);
        }
        Tree result = keep(changed ? Tree.of(entries) : tree);
        cleaned.put(tree.digest(), result);
        return result;
    }

    private Tree keep(Tree t) {
        out.putIfAbsent(t.digest(), t);
        return t;
    }
}
