package io.spfsd.fs;

import io.spfsd.fs.api.AttrOut;
import io.spfsd.fs.api.Caller;
import io.spfsd.fs.api.EntryOut;
import io.spfsd.fs.api.Errno;
import io.spfsd.fs.api.OpenOut;
import io.spfsd.node.Handles;
import io.spfsd.node.Mount;
import io.spfsd.node.Node;
import io.spfsd.node.NodeTable;
import io.spfsd.node.PositionState;
import io.spfsd.storage.Entry;
import io.spfsd.storage.Tree;

/**
 * Reads of directories, which are positions: one node per place for every runtime
 * ({@link io.spfsd.node.NodeDomain#POSITION}). Where the live runtimes agree on a place, its
 * tree is known without asking who calls; elsewhere the caller's runtime is found and its own
 * directory at that place answers (an editable runtime's through {@link Editable}). Children
 * that are directories are positions again; files and symlinks are shared content nodes.
 */
final class Directories {
    private final SpfsFilesystem fs;
    private final Positions positions;

    Directories(SpfsFilesystem fs, Positions positions) {
        this.fs = fs;
        this.positions = positions;
    }

    /** What a caller sees at a directory: its entry and tree, or the editable runtime to ask, or an errno. */
    private record Seen(Entry entry, Tree tree, PositionState state, Mount editable, int err) {
        static Seen error(int err) {
            return new Seen(null, null, null, null, err);
        }
    }

    private Seen seen(Caller c, Node dir) {
        PositionState s = positions.of(dir);
        if (s.agreement() == PositionState.Agreement.AGREED) {
            return new Seen(s.entry(), s.tree(), s, null, 0);
        }
        if (s.agreement() == PositionState.Agreement.UNSEEN) {
            return Seen.error(Errno.ESTALE); // the kernel still holds a place no runtime shows now
        }
        Mount m = fs.callerMount(c);
        if (m == null) {
            return Seen.error(Errno.EIO);
        }
        if (m.isEditable()) {
            return new Seen(null, null, s, m, 0);
        }
        String rel = fs.editable().path(dir.id);
        Entry e = rel == null ? null : m.view().entryAt(rel);
        if (e == null || !e.isDirectory()) {
            return Seen.error(Errno.ENOENT); // not in the caller's runtime (another runtime's place)
        }
        return new Seen(e, m.view().merged().trees().get(e.digest()), s, null, 0);
    }

    int lookup(Caller c, Node parent, String name, EntryOut out) {
        Seen v = seen(c, parent);
        if (v.err() != 0) {
            return v.err();
        }
        if (v.editable() != null) {
            return fs.editable().lookup(v.editable(), parent.id, name, out);
        }
        Entry e = fs.find(v.tree(), name);
        if (e == null) {
            double t = fs.policy().negativeTimeoutUnder(v.state());
            if (t > 0) {
                parent.kept(name);
            }
            out.negative(t);
            return 0;
        }
        Node n = child(parent.id, e, v.state());
        fillEntry(out, n, e, entryTimeoutUnder(parent, v.state(), name));
        return 0;
    }

    /** A read-only runtime's lookup at the root: never cached, another caller may see another entry. */
    int lookupInRoot(Mount m, String name, EntryOut out) {
        Entry e = fs.find(m.view().root(), name);
        if (e == null) {
            return Errno.ENOENT;
        }
        fillEntry(out, child(NodeTable.ROOT, e, null), e, fs.policy().rootChildEntryTimeout());
        return 0;
    }

    /**
     * The node for e under parent, counting one lookup: its place's for a directory, its
     * content's for anything else. Under a place where runtimes agree, a directory agrees too.
     */
    Node child(long parent, Entry e, PositionState parentState) {
        if (!e.isDirectory()) {
            return fs.nodes().lookup(parent, e);
        }
        Node n = fs.nodes().lookupPosition(parent, e.name());
        if (parentState != null && parentState.agreement() == PositionState.Agreement.AGREED) {
            positions.agreesBelow(n, parentState, e, fs.nodes().trees().get(e.digest()));
        }
        return n;
    }

    private double entryTimeoutUnder(Node parent, PositionState s, String name) {
        double t = fs.policy().entryTimeoutUnder(s);
        if (t > 0) {
            parent.kept(name);
        }
        return t;
    }

    /** An entry reply for n, which is e in the caller's view. */
    void fillEntry(EntryOut out, Node n, Entry e, double entryTimeout) {
        out.clear();
        out.ino = n.id;
        if (n.isPosition()) {
            fs.attrs().fill(out.attr, n.id, e, links(e));
            out.attrTimeout = fs.policy().attrTimeout(positions.of(n));
        } else {
            fs.attrs().fill(out.attr, n.id, n.entry(), 1);
            out.attrTimeout = fs.policy().attrTimeout(n);
        }
        out.entryTimeout = entryTimeout;
    }

    /** A listed child's entry (readdirplus), under parent's agreement. */
    void fillListed(EntryOut out, long parent, Node n, Entry e) {
        fillEntry(out, n, e, entryTimeoutUnder(parent, e.name()));
    }

    /**
     * How long the kernel may keep the entry name under parent (the root's children: never;
     * elsewhere as the parent's agreement allows), remembering the name if for longer than a
     * request, so that it can be expired when the agreement ends.
     */
    double entryTimeoutUnder(long parent, String name) {
        if (parent == NodeTable.ROOT) {
            return fs.policy().rootChildEntryTimeout();
        }
        Node p = fs.nodes().get(parent);
        return p == null || !p.isPosition() ? 0.0 : entryTimeoutUnder(p, positions.of(p), name);
    }

    private long links(Entry dir) {
        Tree t = fs.nodes().trees().get(dir.digest());
        return t == null ? 1 : Node.directoryLinks(t);
    }

    int getattr(Caller c, Node n, AttrOut out) {
        Seen v = seen(c, n);
        if (v.err() != 0) {
            return v.err();
        }
        if (v.editable() != null) {
            return fs.editable().getattr(v.editable(), n, out);
        }
        fs.attrs().fill(out.attr, n.id, v.entry(), Node.directoryLinks(v.tree()));
        out.timeout = fs.policy().attrTimeout(v.state());
        return 0;
    }

    int opendir(Caller c, Node n, OpenOut out) {
        Seen v = seen(c, n);
        if (v.err() != 0) {
            return v.err();
        }
        if (v.editable() != null) {
            return fs.editable().opendir(v.editable(), n.id, out);
        }
        out.cacheReaddir = fs.policy().cacheReaddir(v.state());
        out.keepCache = out.cacheReaddir;
        if (v.editable() == null && v.state().agreement() == PositionState.Agreement.AGREED) {
            out.fh = 0; // the same for everyone who can list it: no handle, no routing (agreedTree)
            return 0;
        }
        Mount m = fs.callerMount(c); // the listing is counted as the caller's runtime's open handle
        if (m == null) {
            return Errno.EIO;
        }
        out.fh = fs.handles().add(new Handles.TreeListing(m, v.tree()));
        return 0;
    }

    /**
     * The caller's tree of a directory opened without a handle (where the runtimes agreed: the
     * tree is known without asking who calls while they still do); null if it has none.
     */
    Tree listedTree(Caller c, long ino) {
        Node n = fs.nodes().get(ino);
        Seen v = n == null || !n.isPosition() ? null : seen(c, n);
        return v == null || v.err() != 0 ? null : v.tree();
    }

    /** The state the kernel may cache an editable runtime's node under: its parent's agreement. */
    PositionState stateOf(long dir) {
        Node p = fs.nodes().get(dir);
        return p == null || !p.isPosition() ? null : positions.of(p);
    }

    Positions positions() {
        return positions;
    }
}
