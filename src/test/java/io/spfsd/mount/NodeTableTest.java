package io.spfsd.mount;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Entry;
import io.spfsd.storage.Tree;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeTableTest {
    static final Map<Digest, Tree> NO_TREES = Map.of();
    final NodeTable nodes = new NodeTable();

    static Entry file(String name, String content) {
        return Entry.file(name, 0644, content.length(), Digest.of(content.getBytes()));
    }

    @Test
    void samePositionAndContentShareAnIdDifferentContentNever() {
        Node a = nodes.lookup(NodeTable.ROOT, file("f", "one"), NO_TREES);
        Node again = nodes.lookup(NodeTable.ROOT, file("f", "one"), NO_TREES);
        Node other = nodes.lookup(NodeTable.ROOT, file("f", "two"), NO_TREES);
        Node elsewhere = nodes.lookup(a.id, file("f", "one"), NO_TREES);
        Node otherMode = nodes.lookup(NodeTable.ROOT, Entry.file("f", 0755, 3, Digest.of("one".getBytes())), NO_TREES);
        assertThat(again.id).isEqualTo(a.id);
        assertThat(List.of(other.id, elsewhere.id, otherMode.id)).doesNotContain(a.id).doesNotHaveDuplicates();
        assertThat(a.id).isGreaterThan(NodeTable.ROOT);
    }

    @Test
    void aNodeLivesUntilEveryLookupIsForgotten() {
        Entry e = file("f", "x");
        Node n = nodes.lookup(NodeTable.ROOT, e, NO_TREES);
        nodes.lookup(NodeTable.ROOT, e, NO_TREES);
        nodes.lookup(NodeTable.ROOT, e, NO_TREES);
        assertThat(nodes.lookupCount(n.id)).isEqualTo(3);
        nodes.forget(n.id, 2);
        assertThat(nodes.get(n.id)).isSameAs(n);
        assertThat(nodes.peekId(NodeTable.ROOT, e)).isEqualTo(n.id);
        nodes.forget(n.id, 1);
        assertThat(nodes.get(n.id)).isNull();
        assertThat(nodes.peekId(NodeTable.ROOT, e)).isEqualTo(-1);
        assertThat(nodes.size()).isZero();
        Node reborn = nodes.lookup(NodeTable.ROOT, e, NO_TREES);
        assertThat(reborn.id).as("ids are never reused").isNotEqualTo(n.id);
        nodes.forget(999_999, 1); // unknown ids are ignored
    }

    @Test
    void directoriesCarryTheirTreeAndLinkCount() {
        Tree sub = Tree.of(List.of());
        Tree dir = Tree.of(List.of(Entry.directory("a", 0755, sub.digest()), Entry.directory("b", 0755, sub.digest()),
                file("c", "c")));
        Node n = nodes.lookup(NodeTable.ROOT, Entry.directory("d", 0755, dir.digest()),
                Map.of(dir.digest(), dir, sub.digest(), sub));
        assertThat(n.tree).isSameAs(dir);
        assertThat(n.nlink).isEqualTo(4);
    }

    @Test
    void concurrentLookupsAndForgetsBalance() throws Exception {
        Entry e = file("hot", "x");
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    Node n = nodes.lookup(NodeTable.ROOT, e, NO_TREES);
                    nodes.forget(n.id, 1);
                }
            });
        }
        for (Thread t : ts) {
            t.join();
        }
        assertThat(nodes.size()).isZero();
    }
}
