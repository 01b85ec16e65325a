package io.spfsd.fs;

import io.spfsd.fs.api.Caller;
import io.spfsd.fs.api.Errno;
import io.spfsd.node.Mount;
import io.spfsd.node.Node;
import io.spfsd.node.NodeTable;
import java.util.function.Function;

/**
 * Whose editable runtime a node is in, for the caller: the one decision every operation on a
 * private node makes before it touches a scratch. A node of another runtime is stale to the
 * caller (ESTALE), the stack's files and a read-only runtime's root and directories are
 * read-only (EROFS), so nothing reaches a runtime the caller does not belong to. A directory's
 * node is a place in every runtime: the caller's own runtime is the one it writes in.
 */
final class RuntimeTargets {
    private final Function<Caller, Mount> callerMount;
    private final NodeTable nodes;

    RuntimeTargets(Function<Caller, Mount> callerMount, NodeTable nodes) {
        this.callerMount = callerMount;
        this.nodes = nodes;
    }

    /** The caller's editable runtime, if ino is its root or one of its nodes; else why not (err). */
    record Target(Mount mount, int err) {
    }

    Target of(Caller c, long ino) {
        Mount m = callerMount.apply(c);
        if (m == null) {
            return new Target(null, Errno.EIO);
        }
        if (ino == NodeTable.ROOT) {
            return m.isEditable() ? new Target(m, 0) : new Target(null, Errno.EROFS);
        }
        Node n = nodes.get(ino);
        if (n == null) {
            return new Target(null, Errno.ENOENT);
        }
        if (n.isShared() || (n.isPosition() && !m.isEditable())) {
            return new Target(null, Errno.EROFS);
        }
        if (n.isPosition()) {
            return new Target(m, 0); // a directory's place is in every runtime
        }
        if (!m.isEditable() || !m.scratch().domain().equals(n.domain)) {
            return new Target(null, Errno.ESTALE); // another runtime's node
        }
        return new Target(m, 0);
    }

    /** op in the caller's own editable runtime, if ino is its root or one of its nodes; else why not. */
    int in(Caller c, long ino, java.util.function.ToIntFunction<Mount> op) {
        Target t = of(c, ino);
        return t.err() != 0 ? t.err() : op.applyAsInt(t.mount());
    }

    /** Both nodes in the caller's one editable runtime (link, rename), or why not. */
    Target of(Caller c, long ino, long other) {
        Target t = of(c, ino);
        return t.err() != 0 ? t : of(c, other);
    }
}
