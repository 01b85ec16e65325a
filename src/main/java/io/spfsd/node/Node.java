package io.spfsd.node;

import io.spfsd.storage.Entry;
import io.spfsd.storage.EntryKind;
import io.spfsd.storage.Tree;

/**
 * An inode the kernel knows. In the shared domain its id stands for the parent's id, the
 * name and the entry's full content (kind, mode, size, digest), so an id always means the
 * same bytes and the kernel may cache everything about it. In a private domain the id
 * stands for the parent and the name only, and its entry may be replaced as the file changes.
 * A directory node holds its own tree, never its view's manifest ({@link TreeRegistry}).
 */
public final class Node {
    public final long id;
    public final NodeDomain domain;
    private volatile Entry entry;
    /** The directory's entries; null for files and symlinks. */
    private volatile Tree tree;
    final Object key;
    /** The kernel's lookup count; changed only inside NodeTable's per-key compute. */
    long lookups;

    Node(long id, NodeDomain domain, Object key, Entry entry, Tree tree) {
        this.id = id;
        this.domain = domain;
        this.key = key;
        set(entry, tree);
    }

    private void set(Entry e, Tree t) {
        if (e.isDirectory() && t == null) {
            throw new IllegalStateException("no tree " + e.digest() + " for directory " + e.name());
        }
        this.entry = e;
        this.tree = e.isDirectory() ? t : null;
    }

    public Entry entry() {
        return entry;
    }

    public Tree tree() {
        return tree;
    }

    public boolean isDirectory() {
        return tree != null;
    }

    public boolean isShared() {
        return domain.isShared();
    }

    /** Links a directory has: 2 + its subdirectories, as POSIX file systems report; 1 otherwise. */
    public int nlink() {
        Tree t = tree;
        return t != null ? directoryLinks(t) : 1;
    }

    /** A private node's new content (same id). Shared nodes never change: their id is their content. */
    void replace(Entry e, Tree t) {
        if (domain.isShared()) {
            throw new IllegalStateException("shared node " + id + " cannot change");
        }
        set(e, t);
    }

    public static int directoryLinks(Tree t) {
        int n = 2;
        for (Entry e : t.entries()) {
            if (e.kind() == EntryKind.DIRECTORY) {
                n++;
            }
        }
        return n;
    }

    /** Identity of a shared node: the parent's id and the entry (name, kind, mode, size, digest). */
    record SharedKey(long parent, Entry entry) {
    }

    /** Identity of a private node: its domain, the parent's id and the name. */
    record PrivateKey(NodeDomain.Private domain, long parent, String name) {
    }
}
