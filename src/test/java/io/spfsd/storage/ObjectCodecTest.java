package io.spfsd.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectCodecTest {
    static Manifest sample() {
        Tree bin = Tree.of(List.of(
                Entry.file("tool", 0755, 3, Digest.of("abc".getBytes())),
                Entry.symlink("t", "tool")));
        Tree root = Tree.of(List.of(
                Entry.directory("bin", 0755, bin.digest()),
                Entry.file("README", 0644, 5, Digest.of("hello".getBytes())),
                Entry.mask("gone"),
                Entry.file("setuid", 04755, 0, Digest.EMPTY)));
        Map<Digest, Tree> trees = new HashMap<>();
        trees.put(bin.digest(), bin);
        trees.put(root.digest(), root);
        return new Manifest(root.digest(), trees);
    }

    @Test
    void manifestRoundTripsExactly() {
        Manifest m = sample();
        byte[] bytes = ObjectCodec.encodeManifest(m);
        StoredObject decoded = ObjectCodec.decode(bytes);
        assertThat(decoded).isInstanceOf(StoredObject.ManifestObject.class);
        Manifest back = ((StoredObject.ManifestObject) decoded).manifest();
        assertThat(back.rootDigest()).isEqualTo(m.rootDigest());
        assertThat(back.root().entries()).isEqualTo(m.root().entries());
        assertThat(ObjectCodec.encodeManifest(back)).isEqualTo(bytes);
    }

    @Test
    void entriesAreSortedByName() {
        Tree t = Tree.of(List.of(Entry.mask("b"), Entry.mask("a"), Entry.mask("B")));
        assertThat(t.entries()).extracting(Entry::name).containsExactly("B", "a", "b");
        assertThat(t.find("a")).isNotNull();
        assertThat(t.find("c")).isNull();
    }

    @Test
    void sameContentSameDigest() {
        assertThat(ObjectCodec.encodeManifest(sample())).isEqualTo(ObjectCodec.encodeManifest(sample()));
        assertThat(Tree.of(List.of(Entry.mask("x"))).digest())
                .isNotEqualTo(Tree.of(List.of(Entry.mask("y"))).digest());
    }

    @Test
    void layersAndPlatformsRoundTrip() {
        Digest a = Digest.of("a".getBytes());
        Digest b = Digest.of("b".getBytes());
        assertThat(ObjectCodec.decode(ObjectCodec.encodeLayer(new StoredObject.Layer(a))))
                .isEqualTo(new StoredObject.Layer(a));
        assertThat(ObjectCodec.decode(ObjectCodec.encodePlatform(new StoredObject.Platform(List.of(a, b)))))
                .isEqualTo(new StoredObject.Platform(List.of(a, b)));
    }

    @Test
    void aLayerWithoutAnnotationsIsItsManifestDigestAloneAsBeforeAnnotationsExisted() {
        Digest a = Digest.of("a".getBytes());
        java.nio.ByteBuffer expected = java.nio.ByteBuffer.allocate(6 + Digest.BYTES).put(new byte[] {'S', 'P', 'F', 'D', 1, 2});
        a.write(expected);
        assertThat(ObjectCodec.encodeLayer(new StoredObject.Layer(a))).isEqualTo(expected.array());
    }

    static StoredObject.Layer annotated(Digest manifest) {
        return new StoredObject.Layer(manifest, List.of(StoredObject.Annotation.text("spk/build", "pkg/1.0 ✓\nline two"),
                StoredObject.Annotation.blob("big", Digest.of("big".getBytes()), 3), StoredObject.Annotation.text("", "")));
    }

    @Test
    void annotatedLayersRoundTripInTheirOrderWithOrWithoutAManifest() {
        for (Digest manifest : java.util.Arrays.asList(Digest.of("m".getBytes()), null)) {
            StoredObject.Layer l = annotated(manifest);
            byte[] bytes = ObjectCodec.encodeLayer(l);
            assertThat(ObjectCodec.decode(bytes)).isEqualTo(l);
            for (int cut = 6; cut < bytes.length; cut++) {
                byte[] shorter = java.util.Arrays.copyOf(bytes, cut);
                if (cut != 6 + Digest.BYTES || manifest == null) { // cut there, it is the manifest's plain layer
                    assertThatThrownBy(() -> ObjectCodec.decode(shorter)).as("cut at %d", cut)
                            .isInstanceOf(CorruptObjectException.class);
                }
            }
        }
    }

    @Test
    void refusesALayerOfNothingACountOfNoneAnUnknownValueAndTextThatIsNotUtf8() {
        byte[] plain = ObjectCodec.encodeLayer(new StoredObject.Layer(Digest.NONE, List.of(StoredObject.Annotation.text("k", "v"))));
        byte[] nothing = java.util.Arrays.copyOf(plain, 6 + Digest.BYTES);
        assertThatThrownBy(() -> ObjectCodec.decode(nothing)).hasMessageContaining("neither a manifest nor annotations");
        byte[] none = java.util.Arrays.copyOf(plain, 6 + Digest.BYTES + 4);
        none[6 + Digest.BYTES + 3] = 0;
        assertThatThrownBy(() -> ObjectCodec.decode(none)).hasMessageContaining("count of 0");
        byte[] kind = plain.clone();
        kind[6 + Digest.BYTES + 4 + 4 + 1] = 7; // after the count and the key "k"
        assertThatThrownBy(() -> ObjectCodec.decode(kind)).hasMessageContaining("unknown kind");
        byte[] latin = plain.clone();
        latin[latin.length - 1] = (byte) 0xe9;
        assertThatThrownBy(() -> ObjectCodec.decode(latin)).hasMessageContaining("not UTF-8");
    }

    @Test
    void aLayerNamesItsManifestAndItsAnnotationsBlobsWithTheirSizes() {
        Digest m = Digest.of("m".getBytes());
        List<Digest> objects = new java.util.ArrayList<>();
        Map<Digest, Long> payloads = new HashMap<>();
        annotated(m).references(objects::add, payloads::put);
        assertThat(objects).containsExactly(m);
        assertThat(payloads).containsExactly(Map.entry(Digest.of("big".getBytes()), 3L));
    }

    @Test
    void aDecodedTreeKnowsWhetherItHoldsAMaskAsAMadeOneDoes() {
        Manifest m = ((StoredObject.ManifestObject) ObjectCodec.decode(ObjectCodec.encodeManifest(sample()))).manifest();
        assertThat(m.root().hasMask()).isTrue();
        assertThat(m.tree(m.root().find("bin")).hasMask()).isFalse();
        assertThat(sample().root().hasMask()).isTrue();
        assertThat(StackMerge.merge(List.of(m)).root().find("gone")).as("a lone layer's mask is taken out").isNull();
    }

    @Test
    void rejectsTruncatedTrailingAndForeignBytes() {
        byte[] bytes = ObjectCodec.encodeManifest(sample());
        for (int cut = 0; cut < bytes.length; cut += 7) {
            byte[] shorter = java.util.Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> ObjectCodec.decode(shorter)).isInstanceOf(CorruptObjectException.class);
        }
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> ObjectCodec.decode(longer)).hasMessageContaining("trailing");
        byte[] foreign = bytes.clone();
        foreign[0] = 'X';
        assertThatThrownBy(() -> ObjectCodec.decode(foreign)).hasMessageContaining("magic");
    }

    @Test
    void rejectsAnyFlippedByteThatBreaksStructure() {
        byte[] bytes = ObjectCodec.encodeManifest(sample());
        int rejected = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte[] bad = bytes.clone();
            bad[i] ^= 0x5a;
            try {
                ObjectCodec.decode(bad);
            } catch (CorruptObjectException e) {
                rejected++;
            }
        }
        // Flips inside payload digests, sizes and permission bits decode to another valid
        // manifest (the object digest check in Repository catches those); structure flips must not.
        assertThat(rejected).isGreaterThan(bytes.length / 4);
    }

    @Test
    void aTreesEncodedSizeIsKnownBeforeItIsEncoded() {
        String[] names = {"a", "caf\u00e9", "\u20ac uro", "smile \ud83d\ude00", Names.decode(new byte[]{'x', (byte) 0xE9}),
            Names.decode(new byte[]{(byte) 0xC0, (byte) 0xAF}), "x".repeat(254)};
        List<Entry> entries = new java.util.ArrayList<>();
        for (String n : names) {
            entries.add(Entry.file(n, 0644, 1, Digest.of(n.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            entries.add(Entry.symlink("l" + n, "../" + n));
            assertThat(Names.encodedLength(n)).as(Names.display(n)).isEqualTo(Names.encode(n).length);
        }
        List<Entry> sorted = Tree.of(entries).entries();
        assertThat(ObjectCodec.treeSize(sorted)).isEqualTo(ObjectCodec.encodeTree(sorted).length);
    }
}
