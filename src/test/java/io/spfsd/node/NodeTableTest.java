package io.spfsd.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Entry;
import io.spfsd.storage.Tree;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeTableTest {
    static final Tree NO_TREE = null;
    final NodeTable nodes = new NodeTable();

    static Entry file(String name, String content) {
        return Entry.file(name, 0644, content.length(), Digest.of(content.getBytes()));
    }

    @Test
    void samePositionAndContentShareAnIdDifferentContentNever() {
        Node a = nodes.lookup(NodeTable.ROOT, file("f", "one"), NO_TREE);
        Node again = nodes.lookup(NodeTable.ROOT, file("f", "one"), NO_TREE);
        Node other = nodes.lookup(NodeTable.ROOT, file("f", "two"), NO_TREE);
        Node elsewhere = nodes.lookup(a.id, file("f", "one"), NO_TREE);
        Node otherMode = nodes.lookup(NodeTable.ROOT, Entry.file("f", 0755, 3, Digest.of("one".getBytes())), NO_TREE);
        assertThat(again.id).isEqualTo(a.id);
        assertThat(List.of(other.id, elsewhere.id, otherMode.id)).doesNotContain(a.id).doesNotHaveDuplicates();
        assertThat(a.id).isGreaterThan(NodeTable.ROOT);
    }

    @Test
    void aNodeLivesUntilEveryLookupIsForgotten() {
        Entry e = file("f", "x");
        Node n = nodes.lookup(NodeTable.ROOT, e, NO_TREE);
        nodes.lookup(NodeTable.ROOT, e, NO_TREE);
        nodes.lookup(NodeTable.ROOT, e, NO_TREE);
        assertThat(nodes.lookupCount(n.id)).isEqualTo(3);
        nodes.forget(n.id, 2);
        assertThat(nodes.get(n.id)).isSameAs(n);
        assertThat(nodes.peekId(NodeTable.ROOT, e)).isEqualTo(n.id);
        nodes.forget(n.id, 1);
        assertThat(nodes.get(n.id)).isNull();
        assertThat(nodes.peekId(NodeTable.ROOT, e)).isEqualTo(-1);
        assertThat(nodes.size()).isZero();
        Node reborn = nodes.lookup(NodeTable.ROOT, e, NO_TREE);
        assertThat(reborn.id).as("ids are never reused").isNotEqualTo(n.id);
        nodes.forget(999_999, 1); // unknown ids are ignored
    }

    @Test
    void directoriesCarryTheirTreeAndLinkCount() {
        Tree sub = Tree.of(List.of());
        Tree dir = Tree.of(List.of(Entry.directory("a", 0755, sub.digest()), Entry.directory("b", 0755, sub.digest()),
                file("c", "c")));
        Node n = nodes.lookup(NodeTable.ROOT, Entry.directory("d", 0755, dir.digest()), dir);
        assertThat(n.tree()).isSameAs(dir);
        assertThat(n.nlink()).isEqualTo(4);
        assertThat(n.isShared()).isTrue();
    }

    @Test
    void privateNodesAreKnownByPlaceNeverSharedAndKeepTheirIdAcrossARename() {
        NodeDomain.Private one = new NodeDomain.Private(1);
        NodeDomain.Private two = new NodeDomain.Private(2);
        Node shared = nodes.lookup(NodeTable.ROOT, file("f", "v1"), NO_TREE);
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
                    Node n = nodes.lookup(NodeTable.ROOT, e, NO_TREE);
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
