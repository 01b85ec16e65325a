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

    public static RuntimeView empty() {
        return new RuntimeView(List.of(), List.of(), io.spfsd.storage.StackMerge.merge(List.of()));
    }
}
