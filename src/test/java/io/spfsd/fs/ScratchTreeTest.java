package io.spfsd.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting in a scratch on a client's behalf never reaches outside it. */
class ScratchTreeTest {
    @TempDir
    Path tmp;

    /** A way of deleting: the descriptor-relative one, or the checked fallback. */
    interface Deleter {
        void delete(Path upper, List<String> parts, String whiteout) throws Exception;
    }

    private Path upperWithLinksOut(Path outside) throws Exception {
        Files.createDirectories(outside.resolve("dir"));
        Files.writeString(outside.resolve("dir/precious"), "keep");
        Files.writeString(outside.resolve("file"), "keep");
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Files.createSymbolicLink(upper.resolve("out"), outside);
        Files.createDirectories(upper.resolve("d/e"));
        Files.writeString(upper.resolve("d/e/f"), "mine");
        Files.createSymbolicLink(upper.resolve("d/e/dirlink"), outside.resolve("dir"));
        Files.createFile(upper.resolve("d/.wh.e"));
        return upper;
    }

    private void deletesOnlyInside(Deleter deleter) throws Exception {
        Path outside = tmp.resolve("outside");
        Path upper = upperWithLinksOut(outside);
        deleter.delete(upper, List.of("out", "dir", "precious"), ".wh.precious");
        deleter.delete(upper, List.of("out", "file"), ".wh.file");
        deleter.delete(upper, List.of("d", "e", "dirlink", "precious"), null);
        assertThat(outside.resolve("dir/precious")).hasContent("keep");
        assertThat(outside.resolve("file")).hasContent("keep");
        deleter.delete(upper, List.of("d", "e"), ".wh.e");
        assertThat(upper.resolve("d/e")).doesNotExist();
        assertThat(upper.resolve("d/.wh.e")).as("its whiteout went with it").doesNotExist();
        assertThat(outside.resolve("dir/precious")).as("a link below is removed, not followed").hasContent("keep");
        deleter.delete(upper, List.of("out"), ".wh.out");
        assertThat(Files.exists(upper.resolve("out"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(outside.resolve("file")).hasContent("keep");
        deleter.delete(upper, List.of("missing", "x"), null);
    }

    @Test
    void relativeToOpenDirectories() throws Exception {
        deletesOnlyInside(ScratchTree::delete);
    }

    @Test
    void checkedWhereTheJdkHasNoSecureDirectories() throws Exception {
        deletesOnlyInside(ScratchTree::deleteChecked);
    }

    @Test
    void namesThatAreNotUtf8AreDeletedByTheirBytes() throws Exception {
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        String odd = io.spfsd.storage.Names.decode(new byte[] {'a', (byte) 0xff}, 0, 2);
        Path p = ScratchPaths.child(upper, odd);
        Files.createDirectories(p);
        Files.writeString(p.resolve("f"), "x");
        ScratchTree.delete(upper, List.of(odd), null);
        assertThat(p).doesNotExist();
    }

    @Test
    void componentsRefuseDotDotAndNulAndDropDotsAndSlashes() {
        assertThat(ScratchPaths.components("/a//./b/")).containsExactly("a", "b");
        assertThat(ScratchPaths.components("/")).isEmpty();
        for (String bad : List.of("..", "a/../b", "../x", "/..", "a/..", "a\0b")) {
            assertThatThrownBy(() -> ScratchPaths.components(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ScratchPaths.components("x".repeat(256)))
                .hasMessageContaining("longer than 255 bytes");
    }
}
