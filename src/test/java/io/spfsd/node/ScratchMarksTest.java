package io.spfsd.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A mark hides the stack at its path and below, never beside or above it. */
class ScratchMarksTest {
    private static final java.util.function.Supplier<List<String>> NO_SCAN = () -> {
        throw new AssertionError("a new scratch is never read from disk");
    };

    @Test
    void aMarkHidesItsPathAndWhatIsBelowOnly() {
        ScratchMarks m = ScratchMarks.none();
        m.hide("usr/lib");
        assertThat(m.hides("usr/lib", NO_SCAN)).isTrue();
        assertThat(m.hides("usr/lib/x/y", NO_SCAN)).isTrue();
        assertThat(m.hides("usr", NO_SCAN)).isFalse();
        assertThat(m.hides("usr/lib64", NO_SCAN)).isFalse();
        assertThat(m.hides("usr/li", NO_SCAN)).isFalse();
        assertThat(m.hides("usr/bin/lib", NO_SCAN)).isFalse();
        assertThat(m.hides("lib", NO_SCAN)).isFalse();
    }

    @Test
    void aFoundScratchIsReadOnceAndAgainAfterItIsForgotten() {
        AtomicInteger scans = new AtomicInteger();
        java.util.function.Supplier<List<String>> scan = () -> {
            scans.incrementAndGet();
            return List.of("a/b");
        };
        ScratchMarks m = ScratchMarks.unknown();
        m.hide("c"); // made on disk before the scan reads it: the scan has it
        assertThat(m.hides("a/b/c", scan)).isTrue();
        assertThat(m.hides("a", scan)).isFalse();
        assertThat(scans).hasValue(1);
        m.forget();
        assertThat(m.hides("a/b", scan)).isTrue();
        assertThat(scans).hasValue(2);
        m.clear();
        assertThat(m.hides("a/b", scan)).as("committed: nothing hidden, nothing read").isFalse();
        assertThat(scans).hasValue(2);
    }

    @Test
    void namesThatAreNotUtf8OrHoldOddCharactersAreComponentsLikeAnyOther() {
        ScratchMarks m = ScratchMarks.none();
        m.hide("a b/\u00e9\udcff");
        assertThat(m.hides("a b/\u00e9\udcff/z", NO_SCAN)).isTrue();
        assertThat(m.hides("a b/\u00e9", NO_SCAN)).isFalse();
    }
}
