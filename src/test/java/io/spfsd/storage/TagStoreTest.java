package io.spfsd.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TagStoreTest {
    @TempDir
    Path tmp;

    @Test
    void newestWinsAndOlderVersionsStayAddressable() {
        Repository repo = Repository.open(tmp);
        Digest one = repo.putLayer(Digest.of("1".getBytes()));
        Digest two = repo.putLayer(Digest.of("2".getBytes()));
        repo.tags().push("org/app", one);
        repo.tags().push("org/app", two);
        Refs refs = new Refs(repo);
        assertThat(refs.resolve("org/app")).isEqualTo(two);
        assertThat(refs.resolve("org/app~0")).isEqualTo(two);
        assertThat(refs.resolve("org/app~1")).isEqualTo(one);
        assertThatThrownBy(() -> refs.resolve("org/app~2")).isInstanceOf(UnknownRefException.class)
                .hasMessageContaining("has 2 versions");
        assertThat(repo.tags().names()).containsExactly("org/app");
        assertThat(repo.tags().history("org/app")).extracting(TagStore.TagVersion::target).containsExactly(two, one);
    }

    @Test
    void rejectsNamesThatCouldEscapeOrConfuseRefs() {
        for (String bad : List.of("", "../x", "a/../b", "a+b", "a~1", "/abs", "a//b", "a b", ".hidden")) {
            assertThat(TagStore.isValidName(bad)).as(bad).isFalse();
        }
        assertThat(TagStore.isValidName("team/tool-1.2_x")).isTrue();
    }

    @Test
    void concurrentPushesLoseNoVersion() throws Exception {
        Repository repo = Repository.open(tmp);
        Digest d = repo.putLayer(Digest.EMPTY);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            fs.add(pool.submit(() -> repo.tags().push("busy", d)));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        assertThat(repo.tags().history("busy")).hasSize(40);
    }

    @Test
    void mergingAnotherCopysHistoryAddsWhatIsMissingInOrderAndOnlyOnce() {
        Repository here = Repository.open(tmp.resolve("merge-here"));
        Repository there = Repository.open(tmp.resolve("merge-there"));
        Digest a = Digest.of("a".getBytes());
        Digest b = Digest.of("b".getBytes());
        Digest c = Digest.of("c".getBytes());
        here.tags().push("t", a);
        here.tags().push("t", b); // same second as a, most likely: order must still hold
        there.tags().merge("t", here.tags().history("t"));
        assertThat(there.tags().history("t")).extracting(TagStore.TagVersion::target).containsExactly(b, a);
        there.tags().push("t", c);
        here.tags().merge("t", there.tags().history("t"));
        here.tags().merge("t", there.tags().history("t"));
        assertThat(here.tags().history("t")).extracting(TagStore.TagVersion::target).containsExactly(c, b, a);
    }

    @Test
    void aTagHasAtMostMaxVersionsForEveryReaderAndWriter() throws Exception {
        String line = Digest.of(new byte[0]) + " 2026-01-01T00:00:00Z someone";
        java.util.List<String> lines = java.util.Collections.nCopies(TagStore.MAX_VERSIONS, line);
        assertThat(TagStore.parse("t", lines)).hasSize(TagStore.MAX_VERSIONS);
        java.util.List<String> more = new java.util.ArrayList<>(lines);
        more.add(line);
        assertThatThrownBy(() -> TagStore.parse("t", more)).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("more than " + TagStore.MAX_VERSIONS + " versions");

        Repository repo = Repository.open(tmp.resolve("full-tag"));
        java.nio.file.Files.createDirectories(repo.root().resolve("tags"));
        java.nio.file.Files.write(repo.root().resolve("tags/full.tag"), lines);
        assertThat(repo.tags().history("full")).hasSize(TagStore.MAX_VERSIONS);
        assertThatThrownBy(() -> repo.tags().push("full", Digest.of(new byte[0])))
                .hasMessageContaining("would have more than " + TagStore.MAX_VERSIONS + " versions")
                .hasMessageContaining("spfsd untag full~N");
        assertThat(repo.tags().history("full")).as("unchanged").hasSize(TagStore.MAX_VERSIONS);
    }
}
