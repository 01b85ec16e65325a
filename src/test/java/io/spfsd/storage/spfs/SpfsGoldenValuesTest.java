package io.spfsd.storage.spfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.storage.Digest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Digests spfs's own tests hold, reproduced here. Each names the file and line of spkenv/spk
 * (commit e04e112c3) the value comes from; no value here was computed by this project.
 */
class SpfsGoldenValuesTest {
    private static Digest d(String spfsText) {
        return Digest.parse(spfsText);
    }

    private static SpfsEntry tree(String name, long legacySize, String object) {
        return new SpfsEntry(name, SpfsEntry.Kind.TREE, 0040755, legacySize, d(object));
    }

    private static SpfsEntry file(String name, long size, String object) {
        return new SpfsEntry(name, SpfsEntry.Kind.BLOB, 0100644, size, d(object));
    }

    /** crates/spfs/src/graph/entry_test.rs:13-24: a directory entry with a legacy size of 36. */
    @Test
    void aDirectoryEntrysDigest() {
        SpfsEntry e = tree("testcase", 36, "K53HFSBQEYR4SVFIDUGT63IE233MAMVKBQFXLA7M6HCR2AEMKIJQ====");
        assertThat(e.digest().spfsText()).isEqualTo("VTTVI5AZULVVVIWRQMWKJ67TUAGWIECAS2GVTA7Q2QINS4XK4HQQ====");
    }

    /** crates/spfs/src/graph/entry_test.rs:25-33: a file entry of 3,293 bytes. */
    @Test
    void aFileEntrysDigest() {
        SpfsEntry e = file("swig_full_names.xsl", 3293, "ZD25L3AN5E3LTZ6MDQOIZUV6KRV5Y4SSXRE4YMYZJJ3PXCQ3FMQA====");
        assertThat(e.digest().spfsText()).isEqualTo("GP7DYE22DYLH3I5MB33PW5Z3AZXZIBGOND7MX65KECBMHVMXBUHQ====");
    }

    /** crates/spfs/src/graph/tree_test.rs:14-25: a tree of one directory. */
    @Test
    void aTreeOfOneDirectory() {
        SpfsTree t = new SpfsTree(List.of(tree("pkg", 1, "CLWYXZVIKLJ2YUQC32ZLMZGDCVUOL577YAMRABDTZYTJNU6O6SYA====")));
        assertThat(t.digest().spfsText()).isEqualTo("CHDST3RTAIOJWFBV3OXFB2QZ4U5FTCCJIZXPEQJFCESZMIFZSPTA====");
    }

    /**
     * crates/spfs/src/graph/tree_test.rs:26-57: four entries, given here in another order than
     * the test's, since the digest is over the entries in byte order of their names
     * (".helmignore" &lt; "Chart.yaml" &lt; "templates" &lt; "values.yaml").
     */
    @Test
    void aTreeOfFilesAndADirectoryInNameOrder() {
        SpfsTree t = new SpfsTree(List.of(
                file("values.yaml", 1699, "IZFXS6UQJTHYBVYK3KYPPZC3FYX6NL3L3MWXAJUULAJMFTGZPODQ===="),
                tree("templates", 1, "6LMAERTKGND5WAA4VQQLDAVPXZIHGBOVUCVS7WEGHQIZPWSRJ5FA===="),
                file(".helmignore", 342, "NJDVDBWMXKU2BJG6L2LKLS3N3T47VUGXNPBY4BCHBLEEIRNSDILA===="),
                file("Chart.yaml", 911, "ULAX2BMLX3WKVI7YKRQLJEQDEWJRSDPCFPZPGBJCIQZJ4FIVZIKA====")));
        assertThat(t.digest().spfsText()).isEqualTo("KP7FNGMD5XRT5KGZRDT5R33M3BGFS2SJG5DHFKJV3KKWZG3AGVXA====");
    }

    /**
     * crates/spfs/src/graph/object_test.rs:66-90 (test_digest_with_salting): an empty platform's
     * legacy digest is the digest of eight zero bytes; salting with the kind makes it another.
     */
    @Test
    void anEmptyPlatformsDigestIsSaltedOnlyByTheNewStrategy() {
        SpfsObject empty = new SpfsObject.Platform(List.of());
        assertThat(SpfsObject.digest(empty, SpfsHeader.Strategy.LEGACY)).isEqualTo(Digest.of(new byte[8]));
        assertThat(SpfsObject.digest(empty, SpfsHeader.Strategy.WITH_KIND_AND_SALT))
                .isNotEqualTo(Digest.of(new byte[8]));
    }

    /**
     * crates/spfs/src/graph/object_test.rs:11-58 (test_legacy_header_compat): the old header, the
     * prefix then the kind as a big-endian u64, reads as legacy strategy and format of that kind.
     */
    @Test
    void theOldHeaderReadsAsLegacyOfItsKind() throws Exception {
        for (SpfsObject.Kind kind : SpfsObject.Kind.values()) {
            byte[] old = new byte[SpfsHeader.SIZE];
            System.arraycopy("--SPFS--\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, old, 0, 9);
            old[16] = (byte) kind.number;
            SpfsHeader h = SpfsHeader.parse(old, "old");
            assertThat(h).isEqualTo(new SpfsHeader(SpfsHeader.Strategy.LEGACY, SpfsHeader.Format.LEGACY, kind));
            assertThat(h.bytes()).isEqualTo(old);
        }
    }
}
