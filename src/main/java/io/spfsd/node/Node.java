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
    /** A private node's place, which rename changes: its parent's id and its name. */
    private volatile long parent;
    private volatile String name;
    volatile Object key;
    /** The kernel's lookup count; changed only inside NodeTable's per-key compute. */
    long lookups;
    /** A private file's other names (hard links made through the daemon); changed under the node's lock. */
    final java.util.List<PrivateKey> otherNames = new java.util.ArrayList<>(0);

    Node(long id, NodeDomain domain, Object key, Entry entry, Tree tree) {
        this.id = id;
        this.domain = domain;
        this.key = key;
        set(entry, tree);
    }

    /** A private node: known by its place; what it is, the runtime's scratch and stack decide. */
    Node(long id, PrivateKey key) {
        this.id = id;
        this.domain = key.domain();
        this.key = key;
        this.parent = key.parent();
        this.name = key.name();
    }

    public long parent() {
        return parent;
    }

    public String name() {
        return name;
    }

    void moveTo(PrivateKey k) {
        this.key = k;
        this.parent = k.parent();
        this.name = k.name();
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

    /** Links a shared directory has: 2 + its subdirectories, as POSIX file systems report; 1 otherwise. */
    public int nlink() {
        Tree t = tree;
        return t != null ? directoryLinks(t) : 1;
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
