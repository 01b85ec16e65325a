package io.spfsd.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * What changed from one view to another (spfs diff REF1 REF2): every path only the second has
 * (added), only the first has (deleted), or both have with other content, kind, mode or link
 * target (changed). A directory only one side has is one line, not one per entry below it;
 * directories both have are compared entry by entry, and skipped whole where their trees are
 * the same object. Paths come in the trees' order (by name's bytes).
 */
public final class ManifestDiff {
    /** kind: "added", "changed" or "deleted"; path relative to the view's root. */
    public record Change(String kind, String path) {
    }

    private ManifestDiff() {
    }

    public static List<Change> between(Manifest from, Manifest to) {
        List<Change> out = new ArrayList<>();
        compare(from, from.root(), to, to.root(), "", out);
        return out;
    }

    private static void compare(Manifest a, Tree ta, Manifest b, Tree tb, String dir, List<Change> out) {
        if (ta.digest().equals(tb.digest())) {
            return;
        }
        List<Entry> ea = visible(ta);
        List<Entry> eb = visible(tb);
        int i = 0;
        int j = 0;
        while (i < ea.size() || j < eb.size()) {
            int c = i == ea.size() ? 1 : j == eb.size() ? -1 : Names.compare(ea.get(i).name(), eb.get(j).name());
            if (c < 0) {
                out.add(new Change("deleted", join(dir, ea.get(i++).name())));
            } else if (c > 0) {
                out.add(new Change("added", join(dir, eb.get(j++).name())));
            } else {
                Entry x = ea.get(i++);
                Entry y = eb.get(j++);
                String path = join(dir, x.name());
                if (x.isDirectory() && y.isDirectory()) {
                    if (x.mode() != y.mode()) {
                        out.add(new Change("changed", path));
                    }
                    compare(a, a.tree(x), b, b.tree(y), path, out);
                } else if (!sameContent(x, y)) {
                    out.add(new Change("changed", path));
                }
            }
        }
    }

    private static List<Entry> visible(Tree t) {
        return t.entries().stream().filter(e -> e.kind() != EntryKind.MASK).toList();
    }

    private static boolean sameContent(Entry x, Entry y) {
        return x.kind() == y.kind() && x.mode() == y.mode() && x.size() == y.size()
                && java.util.Objects.equals(x.digest(), y.digest()) && java.util.Objects.equals(x.linkTarget(), y.linkTarget());
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
