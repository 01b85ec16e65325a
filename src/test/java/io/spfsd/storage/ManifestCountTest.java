package io.spfsd.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A manifest's entry count counts every place an entry is, also where subtrees are the same. */
class ManifestCountTest {
    @Test
    void sameSubtreesAreCountedWhereverTheyAre() {
        Digest d = Digest.of(new byte[] {1});
        Tree leaf = Tree.of(List.of(Entry.file("x", 0644, 1, d), Entry.file("y", 0644, 1, d)));
        Tree mid = Tree.of(List.of(Entry.directory("c", 0755, leaf.digest()), Entry.file("z", 0644, 1, d)));
        Tree root = Tree.of(List.of(Entry.directory("a", 0755, leaf.digest()), Entry.directory("b", 0755, leaf.digest()),
                Entry.directory("m", 0755, mid.digest()), Entry.symlink("l", "a/x")));
        Manifest m = new Manifest(root.digest(), Map.of(root.digest(), root, leaf.digest(), leaf, mid.digest(), mid));
        long[] walked = {0};
        m.walk((p, e) -> walked[0]++);
        assertThat(walked[0]).isEqualTo(4 + 2 + 2 + 2 + 2); // a b m l, a/x a/y, b/x b/y, m/c m/z, m/c/x m/c/y
        assertThat(m.entryCount()).isEqualTo(walked[0]);
    }
}
