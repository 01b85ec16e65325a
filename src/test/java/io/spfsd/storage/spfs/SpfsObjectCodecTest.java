package io.spfsd.storage.spfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.storage.Digest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** spfs object files in both encodings: read back as written, and refused in one line when broken. */
class SpfsObjectCodecTest {
    private static final Digest A = Digest.of("a".getBytes());
    private static final Digest B = Digest.of("b".getBytes());
    /** In byte order of names, as the legacy encoding writes a tree. */
    private static final SpfsTree ROOT = new SpfsTree(List.of(
            new SpfsEntry("README", SpfsEntry.Kind.BLOB, 0100644, 5, A),
            new SpfsEntry("bin", SpfsEntry.Kind.TREE, 040755, 0, B),
            new SpfsEntry("gone", SpfsEntry.Kind.MASK, 0, 0, Digest.NONE)));
    private static final SpfsTree BIN = new SpfsTree(List.of(new SpfsEntry("tool", SpfsEntry.Kind.BLOB, 0100755, 1, B)));

    @Test
    void everyKindSurvivesTheLegacyEncodingWithItsDigest() throws Exception {
        List<SpfsObject> objects = List.of(new SpfsObject.Platform(List.of(A, B)),
                new SpfsObject.Layer(A, List.of()), new SpfsObject.Manifest(List.of(ROOT, BIN)), new SpfsObject.Blob(A, 5));
        for (SpfsHeader.Strategy s : SpfsHeader.Strategy.values()) {
            for (SpfsObject o : objects) {
                byte[] file = SpfsFixture.legacy(o, s);
                SpfsObjects.Read r = SpfsObjects.read(file, "test");
                assertThat(r.object()).isEqualTo(o);
                assertThat(r.header().strategy()).isEqualTo(s);
                assertThat(SpfsObjects.readVerified(file, SpfsObject.digest(o, s)).object()).isEqualTo(o);
            }
        }
    }

    /**
     * spfs's layer_test.rs:91-181 (test_layer_encoding_annotation_only,
     * test_layer_encoding_manifest_and_annotations): under either strategy, a layer with
     * annotations has no legacy encoding, and its flatbuffer one reads back with its digest.
     */
    @Test
    void annotatedLayersHaveNoLegacyEncodingAndReadBackFromFlatbuffersWithTheirDigest() throws Exception {
        List<SpfsObject.Annotation> kv = List.of(new SpfsObject.Annotation("key", "value", null));
        for (SpfsHeader.Strategy s : SpfsHeader.Strategy.values()) {
            for (SpfsObject.Layer l : List.of(new SpfsObject.Layer(null, kv), new SpfsObject.Layer(Digest.EMPTY, kv),
                    new SpfsObject.Layer(Digest.EMPTY, List.of(new SpfsObject.Annotation("big", null, A))))) {
                assertThatThrownBy(() -> SpfsFixture.legacy(l, s)).hasMessageContaining("no legacy encoding");
                SpfsObjects.Read r = SpfsObjects.read(FlatWriter.file(l, s), "l");
                assertThat(r.object()).isEqualTo(l);
                assertThat(r.digest()).isEqualTo(SpfsObject.digest(l, s));
            }
            assertThat(SpfsObject.digest(new SpfsObject.Layer(Digest.EMPTY, kv), s)).as("annotations are digested")
                    .isNotEqualTo(SpfsObject.digest(new SpfsObject.Layer(Digest.EMPTY, List.of()), s));
        }
    }

    @Test
    void aNameIsUtf8AReplacementCharacterInItIsKeptAndBytesThatAreNotUtf8AreRefused() throws Exception {
        SpfsTree t = new SpfsTree(List.of(new SpfsEntry("caf\u00e9\uFFFDz", SpfsEntry.Kind.BLOB, 0100644, 1, A)));
        byte[] file = SpfsFixture.flatManifest(t);
        assertThat(SpfsObjects.read(file, "m").object()).isEqualTo(new SpfsObject.Manifest(List.of(t)));
        byte[] name = "caf\u00e9\uFFFDz".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = indexOf(file, name);
        byte[] broken = file.clone();
        broken[at + 3] = (byte) 0xe9; // a Latin-1 é: not UTF-8
        broken[at + 4] = 'x';
        assertThatThrownBy(() -> SpfsObjects.read(broken, "m")).hasMessageContaining("is not UTF-8");
    }

    private static int indexOf(byte[] data, byte[] part) {
        for (int i = 0; i + part.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void theLegacyManifestEncodingIsTheRootThenTheCountOfTheOthers() {
        byte[] file = SpfsFixture.legacy(new SpfsObject.Manifest(List.of(ROOT, BIN)), SpfsHeader.Strategy.LEGACY);
        ByteBuffer b = ByteBuffer.wrap(file, SpfsHeader.SIZE, file.length - SpfsHeader.SIZE);
        assertThat(b.getLong()).as("root entries").isEqualTo(3);
        byte[] first = new byte[32];
        b.get(first);
        assertThat(Digest.fromBytes(first)).as("README sorts first (byte order)").isEqualTo(A);
        SpfsTree reversed = new SpfsTree(ROOT.entries().reversed());
        assertThat(reversed.digest()).as("the order given does not matter").isEqualTo(ROOT.digest());
    }

    @Test
    void flatbufferObjectsReadAsTheirLegacyTwinsWithTheSameDigest() throws Exception {
        assertThat(SpfsObjects.read(SpfsFixture.flatManifest(ROOT, BIN), "m").object())
                .isEqualTo(new SpfsObject.Manifest(List.of(ROOT, BIN)));
        assertThat(SpfsObjects.read(SpfsFixture.flatPlatform(B, A), "p").object())
                .as("stored bottom first, listed top first").isEqualTo(new SpfsObject.Platform(List.of(A, B)));
        SpfsObjects.Read layer = SpfsObjects.read(SpfsFixture.flatLayer(A), "l");
        assertThat(layer.object()).isEqualTo(new SpfsObject.Layer(A, List.of()));
        assertThat(layer.digest()).isEqualTo(SpfsObjects.read(
                SpfsFixture.legacy(layer.object(), SpfsHeader.Strategy.WITH_KIND_AND_SALT), "l").digest());
    }

    @Test
    void brokenObjectsAreRefusedInOneLineNamingThem() {
        byte[] good = SpfsFixture.flatManifest(ROOT, BIN);
        byte[] legacy = SpfsFixture.legacy(new SpfsObject.Manifest(List.of(ROOT)), SpfsHeader.Strategy.LEGACY);
        for (int cut = 0; cut < good.length; cut += 7) {
            assertRefused(Arrays.copyOf(good, cut));
        }
        for (int cut = 0; cut < legacy.length; cut += 5) {
            assertRefused(Arrays.copyOf(legacy, cut));
        }
        byte[] wrongPrefix = legacy.clone();
        wrongPrefix[2] = 'X';
        assertRefused(wrongPrefix);
        byte[] unknownFormat = legacy.clone();
        unknownFormat[10] = 7;
        assertRefused(unknownFormat);
        byte[] unknownKind = legacy.clone();
        unknownKind[16] = 4; // a tree never stands alone
        assertRefused(unknownKind);
        byte[] rootOutside = good.clone();
        ByteBuffer.wrap(rootOutside, SpfsHeader.SIZE, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(1 << 30);
        assertRefused(rootOutside);
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 2000; i++) { // any byte changed: refused or read, never a crash
            byte[] b = good.clone();
            b[SpfsHeader.SIZE + random.nextInt(b.length - SpfsHeader.SIZE)] = (byte) random.nextInt();
            try {
                SpfsObjects.read(b, "fuzzed");
            } catch (SpfsFormatException e) {
                assertThat(e.getMessage()).startsWith("fuzzed: ").doesNotContain("\n");
            }
        }
    }

    @Test
    void anObjectWhoseContentIsNotItsNameIsRefused() {
        byte[] file = SpfsFixture.legacy(new SpfsObject.Layer(A, List.of()), SpfsHeader.Strategy.LEGACY);
        assertThatThrownBy(() -> SpfsObjects.readVerified(file, B))
                .isInstanceOf(SpfsFormatException.class).hasMessageContaining(B.spfsText()).hasMessageContaining("digest");
    }

    private static void assertRefused(byte[] file) {
        assertThatThrownBy(() -> SpfsObjects.read(file, "obj"))
                .isInstanceOf(SpfsFormatException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("obj: ").doesNotContain("\n"));
    }
}
