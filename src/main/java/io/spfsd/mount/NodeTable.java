package io.spfsd.mount;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Entry;
import io.spfsd.storage.Tree;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Node ids shared by every mount. A node is interned on (parent id, entry): two views that
 * agree on a subtree get the same ids for it (and share the kernel's caches), two views that
 * differ never share an id. Ids are handed out from a counter and never reused, so they
 * cannot collide. A node lives while the kernel holds lookups on it: each entry reply adds
 * one, forget subtracts, and at zero the node is dropped.
 *
 * <p>Node 1 is the mount's root and is not in the table: it is the one node whose content
 * depends on who asks (see the router).
 */
public final class NodeTable {
    public static final long ROOT = 1;

    private final ConcurrentHashMap<Node.NodeKey, Node> byKey = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Node> byId = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(ROOT + 1);

    /** The node for entry under parent, with one more kernel lookup on it. */
    public Node lookup(long parent, Entry entry, Map<Digest, Tree> trees) {
        return byKey.compute(new Node.NodeKey(parent, entry), (key, n) -> {
            if (n == null) {
                n = new Node(nextId.getAndIncrement(), key, trees);
                byId.put(n.id, n);
            }
            n.lookups++;
            return n;
        });
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
    }

    /** The id entry would have, if the kernel holds it already; -1 otherwise. No lookup is added. */
    public long peekId(long parent, Entry entry) {
        Node n = byKey.get(new Node.NodeKey(parent, entry));
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
