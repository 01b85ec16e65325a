package io.spfsd.node;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where a scratch hides its runtime's stack, kept in memory as a tree of the marked paths: a
 * path is marked once the stack may show nothing at it or below it (a whiteout there, an opaque
 * directory, or a scratch file in the place of a stack directory). A mark stays until the
 * scratch's changes at that path are dropped (reset) or committed, which is exactly how long
 * the stack stays hidden there: whatever the runtime puts at the path later is the scratch's
 * own. Asking whether a path is hidden walks its components through the marks, with no system
 * call: the walk a path lookup did on disk, a statx per component each walking the whole path,
 * made deep trees cubic.
 *
 * <p>The daemon is the only writer of a scratch, so it marks as it writes; a scratch found on
 * disk (a kept runtime restored, or after a reset) is read once, when first asked about.
 */
public final class ScratchMarks {
    private static final class Level {
        Map<String, Level> children;
        boolean hidden;

        Level child(String name) {
            return children == null ? null : children.get(name);
        }
    }

    private Level root = new Level();
    private boolean known;

    private ScratchMarks(boolean known) {
        this.known = known;
    }

    /** The marks of a new, empty scratch: none. */
    static ScratchMarks none() {
        return new ScratchMarks(true);
    }

    /** The marks of a scratch found on disk: read from it when first asked. */
    static ScratchMarks unknown() {
        return new ScratchMarks(false);
    }

    /**
     * Whether the stack is hidden at rel ("a/b", never the root): rel or one of its parents is
     * marked. Before the first answer, marks are read with scan, which lists the marked paths.
     */
    public synchronized boolean hides(String rel, Supplier<List<String>> scan) {
        load(scan);
        Level l = root;
        int from = 0;
        while (from <= rel.length()) {
            int slash = rel.indexOf('/', from);
            int to = slash < 0 ? rel.length() : slash;
            l = l.child(rel.substring(from, to));
            if (l == null) {
                return false;
            }
            if (l.hidden) {
                return true;
            }
            from = to + 1;
        }
        return false;
    }

    /** The stack shows nothing at rel or below it from now on. */
    public synchronized void hide(String rel) {
        if (!known) {
            return; // the scan, when it comes, reads this mark from the disk with the others
        }
        mark(rel);
    }

    private void mark(String rel) {
        Level l = root;
        for (String part : rel.split("/")) {
            if (l.children == null) {
                l.children = new HashMap<>(4);
            }
            l = l.children.computeIfAbsent(part, k -> new Level());
        }
        l.hidden = true;
    }

    /** The scratch was emptied (committed): nothing is hidden. */
    public synchronized void clear() {
        root = new Level();
        known = true;
    }

    /** The scratch changed other than through {@link #hide} (a reset): read it again when next asked. */
    public synchronized void forget() {
        root = new Level();
        known = false;
    }

    private void load(Supplier<List<String>> scan) {
        if (!known) {
            for (String rel : scan.get()) {
                mark(rel);
            }
            known = true;
        }
    }
}
