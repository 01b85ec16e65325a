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
}
