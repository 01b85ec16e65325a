package io.spfsd.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Entry;
import io.spfsd.storage.Tree;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeTableTest {
    final NodeTable nodes = new NodeTable();

    static Entry file(String name, String content) {
        return Entry.file(name, 0644, content.length(), Digest.of(content.getBytes()));
    }

    @Test
    void samePositionAndContentShareAnIdDifferentContentNever() {
        Node a = nodes.lookup(NodeTable.ROOT, file("f", "one"));
        Node again = nodes.lookup(NodeTable.ROOT, file("f", "one"));
        Node other = nodes.lookup(NodeTable.ROOT, file("f", "two"));
        Node elsewhere = nodes.lookup(a.id, file("f", "one"));
        Node otherMode = nodes.lookup(NodeTable.ROOT, Entry.file("f", 0755, 3, Digest.of("one".getBytes())));
        assertThat(again.id).isEqualTo(a.id);
        assertThat(List.of(other.id, elsewhere.id, otherMode.id)).doesNotContain(a.id).doesNotHaveDuplicates();
        assertThat(a.id).isGreaterThan(NodeTable.ROOT);
    }

    @Test
    void aNodeLivesUntilEveryLookupIsForgotten() {
        Entry e = file("f", "x");
        Node n = nodes.lookup(NodeTable.ROOT, e);
        nodes.lookup(NodeTable.ROOT, e);
        nodes.lookup(NodeTable.ROOT, e);
        assertThat(nodes.lookupCount(n.id)).isEqualTo(3);
        nodes.forget(n.id, 2);
        assertThat(nodes.get(n.id)).isSameAs(n);
        assertThat(nodes.peekId(NodeTable.ROOT, e)).isEqualTo(n.id);
        nodes.forget(n.id, 1);
        assertThat(nodes.get(n.id)).isNull();
        assertThat(nodes.peekId(NodeTable.ROOT, e)).isEqualTo(-1);
        assertThat(nodes.size()).isZero();
        Node reborn = nodes.lookup(NodeTable.ROOT, e);
        assertThat(reborn.id).as("ids are never reused").isNotEqualTo(n.id);
        nodes.forget(999_999, 1); // unknown ids are ignored
    }

    @Test
    void directoriesArePlacesWhateverTheyHoldAndCountTheirLinks() {
        Tree sub = Tree.of(List.of());
        Tree dir = Tree.of(List.of(Entry.directory("a", 0755, sub.digest()), Entry.directory("b", 0755, sub.digest()),
                file("c", "c")));
        assertThat(Node.directoryLinks(dir)).isEqualTo(4);
        Node d = nodes.lookupPosition(NodeTable.ROOT, "d");
        assertThat(nodes.lookupPosition(NodeTable.ROOT, "d")).isSameAs(d);
        assertThat(d.isPosition()).isTrue();
        assertThat(d.isShared()).isFalse();
        Node below = nodes.lookupPosition(d.id, "d");
        assertThat(below.id).isNotEqualTo(d.id);
        assertThat(nodes.lookupCount(d.id)).isEqualTo(2);
        assertThatThrownBy(() -> nodes.lookup(NodeTable.ROOT, Entry.directory("x", 0755, dir.digest())))
                .isInstanceOf(IllegalArgumentException.class);

        nodes.movePrivate(below, NodeTable.ROOT, "moved"); // an editable runtime renamed it
        assertThat(nodes.peekPosition(NodeTable.ROOT, "moved")).isSameAs(below);
        assertThat(nodes.peekPosition(d.id, "d")).isNull();
        nodes.removeName(d, NodeTable.ROOT, "d"); // removed: the place gets a new node
        assertThat(nodes.lookupPosition(NodeTable.ROOT, "d").id).isNotEqualTo(d.id);
        assertThat(nodes.positions()).contains(d, below);
    }

    @Test
    void privateNodesAreKnownByPlaceNeverSharedAndKeepTheirIdAcrossARename() {
        NodeDomain.Private one = new NodeDomain.Private(1);
        NodeDomain.Private two = new NodeDomain.Private(2);
        Node shared = nodes.lookup(NodeTable.ROOT, file("f", "v1"));
        Node mine = nodes.lookupPrivate(one, NodeTable.ROOT, "f");
        Node again = nodes.lookupPrivate(one, NodeTable.ROOT, "f");
        Node theirs = nodes.lookupPrivate(two, NodeTable.ROOT, "f");
        assertThat(again).isSameAs(mine);
        assertThat(List.of(shared.id, mine.id, theirs.id)).doesNotHaveDuplicates();
        assertThat(mine.isShared()).isFalse();
        assertThat(nodes.lookupCount(mine.id)).isEqualTo(2);

        Node target = nodes.lookupPrivate(one, NodeTable.ROOT, "g");
        nodes.movePrivate(mine, NodeTable.ROOT, "g");
        assertThat(nodes.peekPrivate(one, NodeTable.ROOT, "g")).as("same id at its new place").isSameAs(mine);
        assertThat(nodes.peekPrivate(one, NodeTable.ROOT, "f")).isNull();
        assertThat(mine.name()).isEqualTo("g");
        assertThat(nodes.get(target.id)).as("the displaced node lives until forgotten").isSameAs(target);
        nodes.forget(target.id, 1);
        nodes.forget(mine.id, 2);
        assertThat(nodes.get(mine.id)).isNull();
        assertThat(nodes.get(target.id)).isNull();
        assertThat(nodes.get(theirs.id)).isSameAs(theirs);
    }

    @Test
    void aViewsTreesLiveAsLongAsSomeViewHoldsThem() {
        Tree sub = Tree.of(List.of(file("x", "x")));
        Tree root = Tree.of(List.of(Entry.directory("d", 0755, sub.digest())));
        io.spfsd.storage.Manifest m = new io.spfsd.storage.Manifest(root.digest(),
                Map.of(root.digest(), root, sub.digest(), sub));
        TreeRegistry trees = nodes.trees();
        trees.retain(m);
        trees.retain(m);
        assertThat(trees.get(sub.digest())).isSameAs(sub);
        trees.release(m);
        assertThat(trees.get(sub.digest())).as("one view still holds it").isSameAs(sub);
        trees.release(m);
        assertThat(trees.get(sub.digest())).isNull();
        assertThat(trees.size()).isZero();
    }

    @Test
    void concurrentLookupsAndForgetsBalance() throws Exception {
        Entry e = file("hot", "x");
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    Node n = nodes.lookup(NodeTable.ROOT, e);
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
