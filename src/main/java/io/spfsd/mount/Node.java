package io.spfsd.mount;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Entry;
import io.spfsd.storage.EntryKind;
import io.spfsd.storage.Tree;
import java.util.Map;

/**
 * An inode the kernel knows: an entry at a position. Its id stands for the parent's id, the
 * name and the entry's full content (kind, mode, size, digest), so an id always means the
 * same bytes and the kernel may cache everything about it for as long as it likes.
 */
public final class Node {
    public final long id;
    public final Entry entry;
    /** The directory's entries; null for files and symlinks. */
    public final Tree tree;
    /** Where this directory's subdirectories' trees are found (its view's manifest). */
    final Map<Digest, Tree> trees;
    public final int nlink;
    final NodeKey key;
    /** The kernel's lookup count; changed only inside NodeTable's per-key compute. */
    long lookups;

    Node(long id, NodeKey key, Map<Digest, Tree> trees) {
        this.id = id;
        this.key = key;
        this.entry = key.entry();
        this.trees = trees;
        this.tree = entry.isDirectory() ? trees.get(entry.digest()) : null;
        if (entry.isDirectory() && tree == null) {
            throw new IllegalStateException("no tree " + entry.digest() + " for directory " + entry.name());
        }
        this.nlink = tree != null ? directoryLinks(tree) : 1;
    }

    public boolean isDirectory() {
        return tree != null;
    }

    public Map<Digest, Tree> trees() {
        return trees;
    }

    /** 2 + subdirectories, as POSIX filesystems report for a directory. */
    public static int directoryLinks(Tree t) {
        int n = 2;
        for (Entry e : t.entries()) {
            if (e.kind() == EntryKind.DIRECTORY) {
                n++;
            }
        }
        return n;
    }

    /** Identity of a node: the parent's id and the entry (name, kind, mode, size, digest). */
    record NodeKey(long parent, Entry entry) {
    }
}
