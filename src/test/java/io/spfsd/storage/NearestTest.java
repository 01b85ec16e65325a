package io.spfsd.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearestTest {
    @Test
    void suggestsNamesAThirdOfTheLengthAwayNearestFirst() {
        List<String> tags = List.of("plat", "platform", "base", "tools", "tool");
        assertThat(Nearest.to("plt", tags)).containsExactly("plat");
        assertThat(Nearest.to("tols", tags)).containsExactly("tools");
        assertThat(Nearest.to("platfrm", tags)).containsExactly("platform");
        assertThat(Nearest.to("bsae", tags)).as("a swap is one edit").containsExactly("base");
        assertThat(Nearest.to("zzz", tags)).isEmpty();
        assertThat(Nearest.didYouMean("plt", tags)).isEqualTo(" (did you mean plat?)");
        assertThat(Nearest.didYouMean("zzz", tags)).isEmpty();
    }
}
