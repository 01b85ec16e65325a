package io.spfsd.node;

import io.spfsd.storage.Entry;
import io.spfsd.storage.EntryKind;
import io.spfsd.storage.Tree;

/**
 * An inode the kernel knows ({@link NodeDomain}). A shared node (a read-only file or
 * symlink) stands for the parent's id, the name and the entry's full content (kind, mode,
 * size, digest), so an id always means the same bytes and the kernel may cache everything
 * about it. A position node (a directory, in any runtime) and a private node (an editable
 * runtime's file) stand for the parent and the name only: what they hold is found where the
 * caller's runtime has it.
 */
public final class Node {
    public final long id;
    public final NodeDomain domain;
    private volatile Entry entry;
    /** A position or private node's place, which rename changes: its parent's id and its name. */
    private volatile long parent;
    private volatile String name;
    volatile Object key;
    /** The kernel's lookup count; changed only inside NodeTable's per-key compute. */
    long lookups;
    /** A private file's other names (hard links made through the daemon); changed under the node's lock. */
    final java.util.List<Object> otherNames = new java.util.ArrayList<>(0);

    /** A shared node: a read-only file or symlink, known by its parent and content. */
    Node(long id, Object key, Entry entry) {
        if (entry.isDirectory()) {
            throw new IllegalArgumentException("a directory is a position, not shared content: " + entry.name());
        }
        this.id = id;
        this.domain = NodeDomain.SHARED;
        this.key = key;
        this.keptNames = null;
        this.entry = entry;
    }

    /** A private node: known by its place; what it is, the runtime's scratch and stack decide. */
    Node(long id, PrivateKey key) {
        this.id = id;
        this.domain = key.domain();
        this.key = key;
        this.parent = key.parent();
        this.name = key.name();
        this.keptNames = null;
    }

    /** A directory known by its place in every runtime; what it holds, the caller's runtime decides. */
    Node(long id, PositionKey key) {
        this.id = id;
        this.domain = NodeDomain.POSITION;
        this.key = key;
        this.parent = key.parent();
        this.name = key.name();
        this.keptNames = java.util.concurrent.ConcurrentHashMap.newKeySet();
    }

    private volatile PositionState state;
    /**
     * Names under this directory the kernel may hold an entry (or a negative entry) for longer
     * than a request: what must be expired when the runtimes stop agreeing here.
     */
    private final java.util.Set<String> keptNames;

    public boolean isPosition() {
        return domain == NodeDomain.POSITION;
    }

    /** A position's agreement as last computed (null: never). */
    public PositionState state() {
        return state;
    }

    public void state(PositionState s) {
        state = s;
    }

    /** The kernel may keep name under this position beyond the request that answered it. */
    public void kept(String childName) {
        keptNames.add(childName);
    }

    /** The names kept so far, forgotten here (they are about to be expired in the kernel). */
    public java.util.List<String> drainKeptNames() {
        java.util.List<String> out = new java.util.ArrayList<>(keptNames);
        keptNames.removeAll(out);
        return out;
    }

    public long parent() {
        return parent;
    }

    public String name() {
        return name;
    }

    void moveTo(Object k) {
        this.key = k;
        this.parent = k instanceof PositionKey p ? p.parent() : ((PrivateKey) k).parent();
        this.name = k instanceof PositionKey p ? p.name() : ((PrivateKey) k).name();
    }

    /** The key this node would have at (parent, name) in its own domain. */
    Object keyAt(long atParent, String atName) {
        return domain instanceof NodeDomain.Private d ? new PrivateKey(d, atParent, atName)
                : new PositionKey(atParent, atName);
    }

    public Entry entry() {
        return entry;
    }

    public boolean isDirectory() {
        return domain == NodeDomain.POSITION;
    }

    public boolean isShared() {
        return domain.isShared();
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

    /** Identity of a position node: the parent's id and the name, in every runtime. */
    record PositionKey(long parent, String name) {
    }

    /** Identity of a private node: its domain, the parent's id and the name. */
    record PrivateKey(NodeDomain.Private domain, long parent, String name) {
    }
}
