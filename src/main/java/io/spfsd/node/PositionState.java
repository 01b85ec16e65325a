package io.spfsd.node;

import io.spfsd.storage.Entry;
import io.spfsd.storage.Tree;

/**
 * What the live runtimes show at one directory's place, as of one generation of the set of
 * views: what decides how long the kernel may keep what it learns of the directory.
 *
 * @param generation the views' generation it was computed for (io.spfsd.fs.Positions)
 * @param agreement  who shows a directory here, and whether they agree
 * @param entry      the directory entry every runtime shows (AGREED only)
 * @param tree       its tree (AGREED only)
 * @param editor     the one runtime that shows it (EDITABLE_ONLY only)
 * @param earlier    UNSEEN only: the cacheable state whose answers the kernel may still hold
 *                   (nobody can reach them while no runtime shows the place; they are expired
 *                   when one shows something else there), or null
 */
public record PositionState(long generation, Agreement agreement, Entry entry, Tree tree, Mount editor,
                            PositionState earlier) {
    public PositionState(long generation, Agreement agreement, Entry entry, Tree tree, Mount editor) {
        this(generation, agreement, entry, tree, editor, null);
    }

    public enum Agreement {
        /** No live runtime shows a directory here. */
        UNSEEN,
        /** Only read-only runtimes show it, all the same directory (same digest, same mode). */
        AGREED,
        /** One editable runtime shows it, no other runtime does, and it cannot move (its stack's, or no other runtime is live). */
        EDITABLE_ONLY,
        /** Runtimes differ here, or an editable one shares it with another. */
        CONTESTED
    }

    public static PositionState of(long generation, Agreement a) {
        return new PositionState(generation, a, null, null, null);
    }

    /** Whether the kernel may keep entries, attributes or listings of this place longer than a request. */
    public boolean cacheable() {
        return agreement == Agreement.AGREED || agreement == Agreement.EDITABLE_ONLY;
    }

    /** The state whose answers the kernel may hold for this place: this one if cacheable; else an earlier one, or null. */
    public PositionState kept() {
        return cacheable() ? this : earlier;
    }

    /** This UNSEEN state, remembering what the kernel may still hold from before. */
    public PositionState after(PositionState before) {
        return agreement != Agreement.UNSEEN || before == null || before.kept() == null ? this
                : new PositionState(generation, agreement, entry, tree, editor, before.kept());
    }

    /** Whether what the kernel kept under the other state may still be shown under this one. */
    public boolean keeps(PositionState before) {
        PositionState k = before.kept();
        return k == null || (agreement == k.agreement && java.util.Objects.equals(entry, k.entry) && editor == k.editor);
    }
}
