package io.spfsd.fs;

import io.spfsd.fs.api.Caller;
import io.spfsd.fs.api.DirSink;
import io.spfsd.fs.api.EntryOut;
import io.spfsd.fs.api.Errno;
import io.spfsd.node.Handles;
import io.spfsd.node.Node;
import io.spfsd.node.PositionState;
import io.spfsd.storage.Entry;
import io.spfsd.storage.Tree;

/**
 * readdir and readdirplus: "." and "..", then a tree's entries in name order, from the
 * offset the kernel gives (each entry's next offset is its index + 1, so pages line up).
 * A read-only listing is the caller's directory, fixed at opendir in its handle.
 */
final class Listing {
    private static final ThreadLocal<EntryOut> SCRATCH = ThreadLocal.withInitial(EntryOut::new);

    private Listing() {
    }

    static int list(SpfsFilesystem fs, Caller c, long ino, long fh, long offset, boolean plus, DirSink sink) {
        if (fs.handles().get(fh) instanceof Handles.DirListing l) {
            return listEditable(fs, l, ino, offset, plus, sink);
        }
        Tree tree;
        if (fs.handles().get(fh) instanceof Handles.TreeListing l) {
            tree = l.tree();
        } else if (fh == 0 && ino != io.spfsd.node.NodeTable.ROOT) {
            tree = fs.dirs().listedTree(c, ino); // opened where the runtimes agreed (Directories#opendir)
            if (tree == null) {
                return Errno.ESTALE;
            }
        } else {
            return Errno.EBADF;
        }
        PositionState parentState = plus ? fs.dirs().stateOf(ino) : null;
        EntryOut entry = SCRATCH.get();
        int total = tree.entries().size() + 2;
        for (long i = offset; i < total; i++) {
            if (i < 2) {
                String name = i == 0 ? "." : "..";
                if (plus) {
                    if (!sink.fitsPlus(name)) {
                        break;
                    }
                    entry.clear();
                    entry.attr.ino = Attributes.UNKNOWN_INO;
                    entry.attr.mode = Entry.S_IFDIR;
                    sink.addPlus(name, entry, i + 1);
                } else if (!sink.add(name, Attributes.UNKNOWN_INO, Entry.S_IFDIR, i + 1)) {
                    break;
                }
                continue;
            }
            Entry e = tree.entries().get((int) (i - 2));
            if (plus) {
                // Ask first: an entry that does not fit must not count as a lookup.
                if (!sink.fitsPlus(e.name())) {
                    break;
                }
                Node child = fs.dirs().child(ino, e, parentState);
                fs.dirs().fillListed(entry, ino, child, e);
                sink.addPlus(e.name(), entry, i + 1);
            } else {
                Node known = e.isDirectory() ? fs.nodes().peekPosition(ino, e.name()) : null;
                long id = known != null ? known.id : fs.nodes().peekId(ino, e);
                if (!sink.add(e.name(), id < 0 ? Attributes.UNKNOWN_INO : id, e.mode(), i + 1)) {
                    break;
                }
            }
        }
        return 0;
    }

    /** An editable runtime's listing, fixed at opendir; plus looks each entry up in the runtime. */
    private static int listEditable(SpfsFilesystem fs, Handles.DirListing l, long ino, long offset, boolean plus,
                                    DirSink sink) {
        EntryOut entry = SCRATCH.get();
        int total = l.entries().size() + 2;
        for (long i = offset; i < total; i++) {
            String name = i == 0 ? "." : i == 1 ? ".." : l.entries().get((int) (i - 2)).name();
            int mode = i < 2 ? Entry.S_IFDIR : l.entries().get((int) (i - 2)).mode();
            if (!plus) {
                if (!sink.add(name, Attributes.UNKNOWN_INO, mode, i + 1)) {
                    break;
                }
                continue;
            }
            if (!sink.fitsPlus(name)) {
                break;
            }
            entry.clear();
            if (i < 2) {
                entry.attr.ino = Attributes.UNKNOWN_INO;
                entry.attr.mode = Entry.S_IFDIR;
            } else if (fs.editable().lookup(l.mount(), ino, name, entry) != 0 || entry.ino == 0) {
                entry.clear(); // gone since opendir: listed, not looked up
                entry.attr.ino = Attributes.UNKNOWN_INO;
                entry.attr.mode = mode;
            }
            sink.addPlus(name, entry, i + 1);
        }
        return 0;
    }
}
