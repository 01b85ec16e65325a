package io.spfsd.storage.spfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.storage.Digest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** spfs tag files: versions read newest first as written, parents chained, a cut file refused. */
class SpfsTagsTest {
    private static final SpfsTags.Tag FIRST = new SpfsTags.Tag("org", "name", Digest.of(new byte[] {1}), "me@host",
            "2026-12-07T14:00:00+00:00", Digest.NONE);
    private static final SpfsTags.Tag SECOND = new SpfsTags.Tag("org", "name", Digest.of(new byte[] {2}), "me@host",
            "2026-12-07T14:05:00.123456+00:00", FIRST.digest());

    /** crates/spfs/src/tracking/tag_test.rs:9-25 (test_tag_encoding): with an org and without, a tag reads as written. */
    @Test
    void versionsReadNewestFirstAsWritten() throws Exception {
        SpfsTags.Tag noOrg = new SpfsTags.Tag(null, "plain", Digest.EMPTY, "u", "2026-01-01T00:00:00Z", Digest.NONE);
        assertThat(SpfsTags.read(SpfsTags.write(List.of(FIRST, SECOND)), "t")).containsExactly(SECOND, FIRST);
        assertThat(SpfsTags.read(SpfsTags.write(List.of(noOrg)), "t")).containsExactly(noOrg);
        byte[] file = SpfsTags.write(List.of(FIRST));
        assertThat(Arrays.copyOfRange(file, 8, 12)).as("org first, NUL-ended").isEqualTo("org\0".getBytes());
    }

    @Test
    void aFileCutAnywhereIsRefusedInOneLine() {
        byte[] file = SpfsTags.write(List.of(FIRST, SECOND));
        int first = SpfsTags.write(List.of(FIRST)).length;
        for (int cut = 1; cut < file.length; cut++) {
            if (cut == first) {
                continue; // a whole first version: a file of one version
            }
            byte[] part = Arrays.copyOf(file, cut);
            assertThatThrownBy(() -> SpfsTags.read(part, "tags/org/name.tag"))
                    .isInstanceOf(SpfsFormatException.class)
                    .satisfies(e -> assertThat(e.getMessage()).startsWith("tags/org/name.tag").doesNotContain("\n"));
        }
    }
}
