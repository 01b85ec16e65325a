package io.spfsd.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackMergeTest {
    /** Builds a manifest from "path=content" files, "path/" dirs and "!path" masks. */
    static Manifest layer(String... specs) {
        Node root = new Node();
        for (String s : specs) {
            if (s.startsWith("!")) {
                root.at(parent(s.substring(1))).children.put(name(s.substring(1)), Entry.mask(name(s.substring(1))));
            } else if (s.endsWith("/")) {
                root.at(s.substring(0, s.length() - 1));
            } else {
                String[] kv = s.split("=", 2);
                root.at(parent(kv[0])).children.put(name(kv[0]),
                        Entry.file(name(kv[0]), 0644, kv[1].length(), Digest.of(kv[1].getBytes())));
            }
        }
        Map<Digest, Tree> trees = new HashMap<>();
        Tree t = root.build(trees);
        return new Manifest(t.digest(), trees);
    }

    private static String parent(String p) {
        return p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "";
    }

    private static String name(String p) {
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static final class Node {
        final Map<String, Object> children = new HashMap<>();

        Node at(String path) {
            Node n = this;
            if (path.isEmpty()) {
                return n;
            }
            for (String part : path.split("/")) {
                n = (Node) n.children.computeIfAbsent(part, k -> new Node());
            }
            return n;
        }

        Tree build(Map<Digest, Tree> trees) {
            List<Entry> entries = new ArrayList<>();
            children.forEach((k, v) -> entries.add(v instanceof Node n
                    ? Entry.directory(k, 0755, n.build(trees).digest()) : (Entry) v));
            Tree t = Tree.of(entries);
            trees.put(t.digest(), t);
            return t;
        }
    }

    static Map<String, String> flatten(Manifest m) {
        Map<String, String> out = new java.util.TreeMap<>();
        m.walk((p, e) -> out.put(p, e.kind() == EntryKind.FILE ? e.digest().shortForm() : e.kind().name()));
        return out;
    }

    static String d(String content) {
        return Digest.of(content.getBytes()).shortForm();
    }

    @Test
    void upperFileOverridesLowerFile() {
        Manifest m = StackMerge.merge(List.of(layer("a=1", "b=1"), layer("a=2")));
        assertThat(flatten(m)).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("a", d("2"), "b", d("1"))));
    }

    @Test
    void directoriesMergeRecursively() {
        Manifest m = StackMerge.merge(List.of(layer("bin/x=1", "lib/l=1"), layer("bin/y=2")));
        assertThat(flatten(m)).containsOnlyKeys("bin", "bin/x", "bin/y", "lib", "lib/l");
    }

    @Test
    void maskDeletesFromLowerLayersOnly() {
        Manifest m = StackMerge.merge(List.of(layer("bin/x=1", "bin/y=1"), layer("!bin/x"), layer("c=3")));
        assertThat(flatten(m)).containsOnlyKeys("bin", "bin/y", "c");
        Manifest again = StackMerge.merge(List.of(layer("bin/x=1"), layer("!bin/x"), layer("bin/x=4")));
        assertThat(flatten(again)).containsEntry("bin/x", d("4"));
    }

    @Test
    void maskedDirectoryThenNewDirectoryHidesOldContent() {
        Manifest m = StackMerge.merge(List.of(layer("etc/old=1"), layer("!etc"), layer("etc/new=2")));
        assertThat(flatten(m)).containsOnlyKeys("etc", "etc/new");
    }

    @Test
    void fileReplacesDirectoryAndDirectoryReplacesFile() {
        assertThat(flatten(StackMerge.merge(List.of(layer("x/a=1"), layer("x=2"))))).containsOnlyKeys("x");
        assertThat(flatten(StackMerge.merge(List.of(layer("x=2"), layer("x/a=1"))))).containsOnlyKeys("x", "x/a");
    }

    @Test
    void masksNeverShowAndUntouchedTreesKeepTheirDigest() {
        Manifest single = StackMerge.merge(List.of(layer("a=1", "!ghost", "keep/k=1")));
        assertThat(flatten(single)).containsOnlyKeys("a", "keep", "keep/k");
        Manifest lower = layer("keep/k=1", "a=1");
        Manifest merged = StackMerge.merge(List.of(lower, layer("b=2")));
        assertThat(merged.root().find("keep").digest()).isEqualTo(lower.root().find("keep").digest());
    }

    @Test
    void identicalViewsHaveIdenticalDigests() {
        Manifest viaStack = StackMerge.merge(List.of(layer("a=1", "d/x=1"), layer("d/y=2")));
        Manifest direct = StackMerge.merge(List.of(layer("a=1", "d/x=1", "d/y=2")));
        assertThat(viaStack.rootDigest()).isEqualTo(direct.rootDigest());
        assertThat(StackMerge.merge(List.of()).root().entries()).isEmpty();
    }
}
