package io.spfsd.node;

import io.spfsd.storage.Entry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Node ids shared by every mount, in two domains ({@link NodeDomain}). A shared node is
 * interned on (parent id, entry): two views that agree on a subtree get the same ids for it
 * (and share the kernel's caches), two views that differ never share an id. A private node
 * is interned on (domain, parent id, name), so its id survives changes of its content and is
 * never seen by another runtime. Ids come from one counter and are never reused. A node
 * lives while the kernel holds lookups on it: each entry reply adds one, forget subtracts,
 * and at zero the node is dropped.
 *
 * <p>Node 1 is the mount's root and is not in the table: it is the one node whose content
 * depends on who asks (see the router).
 */
public final class NodeTable {
    public static final long ROOT = 1;

    private final ConcurrentHashMap<Object, Node> byKey = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Node> byId = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(ROOT + 1);
    private final TreeRegistry trees = new TreeRegistry();

    /** Trees of the live views, where directory nodes find their subdirectories. */
    public TreeRegistry trees() {
        return trees;
    }

    /** The shared node for a read-only file or symlink under parent, with one more kernel lookup on it. */
    public Node lookup(long parent, Entry entry) {
        return byKey.compute(new Node.SharedKey(parent, entry), (k, n) -> {
            if (n == null) {
                n = new Node(nextId.getAndIncrement(), k, entry);
                byId.put(n.id, n);
            }
            n.lookups++;
            return n;
        });
    }

    /**
     * The private node of domain for name under parent, with one more kernel lookup on it: the
     * same id for as long as the kernel holds it, whatever happens to the file's content.
     */
    public Node lookupPrivate(NodeDomain.Private domain, long parent, String name) {
        return byKey.compute(new Node.PrivateKey(domain, parent, name), (k, n) -> {
            if (n == null) {
                n = new Node(nextId.getAndIncrement(), (Node.PrivateKey) k);
                byId.put(n.id, n);
            }
            n.lookups++;
            return n;
        });
    }

    /** The private node at (parent, name), if the kernel holds one; no lookup is added. */
    public Node peekPrivate(NodeDomain.Private domain, long parent, String name) {
        return byKey.get(new Node.PrivateKey(domain, parent, name));
    }

    /**
     * The directory at (parent, name) in every runtime, with one more kernel lookup on it: the
     * same id whatever the runtime and whatever the directory holds there.
     */
    public Node lookupPosition(long parent, String name) {
        return byKey.compute(new Node.PositionKey(parent, name), (k, n) -> {
            if (n == null) {
                n = new Node(nextId.getAndIncrement(), (Node.PositionKey) k);
                byId.put(n.id, n);
            }
            n.lookups++;
            return n;
        });
    }

    /** The directory node at (parent, name), if the kernel holds one; no lookup is added. */
    public Node peekPosition(long parent, String name) {
        return byKey.get(new Node.PositionKey(parent, name));
    }

    /** What an editable runtime of domain has at (parent, name): its directory's position node, or its own node. */
    public Node peek(NodeDomain.Private domain, long parent, String name) {
        Node n = peekPrivate(domain, parent, name);
        return n != null ? n : peekPosition(parent, name);
    }

    /** Every directory node the kernel holds. */
    public java.util.List<Node> positions() {
        java.util.List<Node> out = new java.util.ArrayList<>();
        for (Node n : byId.values()) {
            if (n.isPosition()) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * A rename moved a private node: it keeps its id and lookups at its new place. Whatever
     * node stood at the new place is no longer found there (the kernel forgets it in time).
     */
    public void movePrivate(Node n, long newParent, String newName) {
        movePrivate(n, n.parent(), n.name(), newParent, newName);
    }

    /** The same, for n's name (oldParent, oldName), which may be one of its other names (a hard link). */
    public void movePrivate(Node n, long oldParent, String oldName, long newParent, String newName) {
        Object from = n.keyAt(oldParent, oldName);
        Object to = n.keyAt(newParent, newName);
        Node displaced = byKey.get(to);
        if (displaced != null && displaced != n) {
            removeName(displaced, newParent, newName);
        }
        synchronized (n) {
            byKey.remove(from, n);
            if (from.equals(n.key)) {
                n.moveTo(to);
            } else {
                n.otherNames.remove(from);
                n.otherNames.add(to);
            }
            byKey.put(to, n);
        }
    }

    /**
     * A hard link made through the daemon: (parent, name) becomes another name of n. Lookups
     * of it find n, so the kernel sees one inode with several names, and n lives on under it
     * when its own name goes.
     */
    public void addName(Node n, long parent, String name) {
        Object k = n.keyAt(parent, name);
        synchronized (n) {
            n.otherNames.add(k);
            byKey.put(k, n);
        }
    }

    /**
     * The name (parent, name) of n is gone (unlinked, or replaced by a rename): n keeps another
     * of its names if it has one; else it is detached, so a new file of that name gets a new id.
     */
    public void removeName(Node n, long parent, String name) {
        Object k = n.keyAt(parent, name);
        synchronized (n) {
            byKey.remove(k, n);
            if (!k.equals(n.key)) {
                n.otherNames.remove(k);
            } else if (n.otherNames.isEmpty()) {
                n.moveTo(n.keyAt(-n.id, n.name()));
                byKey.put(n.key, n);
            } else {
                n.moveTo(n.otherNames.removeFirst()); // found under that key already
            }
        }
    }

    /** One more kernel lookup on n (an entry reply naming an existing node). */
    public void retain(Node n) {
        byKey.computeIfPresent(n.key, (k, current) -> {
            current.lookups++;
            return current;
        });
    }

    /** RENAME_EXCHANGE: a and b swap places, each keeping its id. */
    public void swapPrivate(Node a, Node b) {
        synchronized (this) {
            Object ka = a.key;
            Object kb = b.key;
            Object pa = b.keyAt(a.parent(), a.name()); // b's key at a's place
            Object pb = a.keyAt(b.parent(), b.name());
            byKey.remove(ka, a);
            byKey.remove(kb, b);
            a.moveTo(pb);
            b.moveTo(pa);
            byKey.put(pb, a);
            byKey.put(pa, b);
        }
    }

    public Node get(long id) {
        return byId.get(id);
    }

    /** The kernel dropped count lookups of id. */
    public void forget(long id, long count) {
        Node node = byId.get(id);
        if (node == null) {
            return;
        }
        byKey.computeIfPresent(node.key, (key, current) -> {
            if (current != node) {
                return current;
            }
            current.lookups -= count;
            if (current.lookups > 0) {
                return current;
            }
            byId.remove(id);
            return null;
        });
        if (!node.otherNames.isEmpty() && !byId.containsKey(id)) {
            synchronized (node) {
                node.otherNames.forEach(k -> byKey.remove(k, node)); // its other names go with it
            }
        }
    }

    /** The id a shared entry would have, if the kernel holds it already; -1 otherwise. No lookup is added. */
    public long peekId(long parent, Entry entry) {
        Node n = byKey.get(new Node.SharedKey(parent, entry));
        return n == null ? -1 : n.id;
    }

    /** How many lookups the kernel holds on id (0 if unknown). */
    public long lookupCount(long id) {
        Node n = byId.get(id);
        return n == null ? 0 : n.lookups;
    }

    public int size() {
        return byId.size();
    }
}
