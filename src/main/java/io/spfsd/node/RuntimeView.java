package io.spfsd.node;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.Tree;
import java.util.List;

/**
 * What a runtime shows: the refs it was asked for, the layer manifests they stand for
 * (bottom first) and the merged manifest. Immutable; views of the same stack share one.
 */
public record RuntimeView(List<String> refs, List<Digest> layers, Manifest merged) {
    public RuntimeView {
        refs = List.copyOf(refs);
        layers = List.copyOf(layers);
    }

    public Tree root() {
        return merged.root();
    }

    /** The entry at rel ("a/b", relative to the root; not "") in the merged stack, or null. */
    public io.spfsd.storage.Entry entryAt(String rel) {
        Tree t = merged.root();
        io.spfsd.storage.Entry e = null;
        for (String part : rel.split("/")) {
            if (t == null || (e = t.find(part)) == null) {
                return null;
            }
            t = e.isDirectory() ? merged.trees().get(e.digest()) : null;
        }
        return e;
    }

    /** The directory at rel ("" for the root) in the merged stack, or null if there is none. */
    public Tree treeAt(String rel) {
        if (rel.isEmpty()) {
            return merged.root();
        }
        io.spfsd.storage.Entry e = entryAt(rel);
        return e != null && e.isDirectory() ? merged.trees().get(e.digest()) : null;
    }

    public static RuntimeView empty() {
        return new RuntimeView(List.of(), List.of(), io.spfsd.storage.StackMerge.merge(List.of()));
    }
}
