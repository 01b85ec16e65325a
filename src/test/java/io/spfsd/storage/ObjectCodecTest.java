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
}
