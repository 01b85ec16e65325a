package io.spfsd.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void compareIsUtf8ByteOrderIncludingSurrogatePairs() {
        String[] samples = {"a", "b", "B", "ab", "", "é", "z", "\uE000", "\uFFFD", "😀", "😀a", "\uD7FF", "日本"};
        Random rnd = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            String x = samples[rnd.nextInt(samples.length)] + samples[rnd.nextInt(samples.length)];
            String y = samples[rnd.nextInt(samples.length)] + samples[rnd.nextInt(samples.length)];
            int expected = Integer.signum(Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8),
                    y.getBytes(StandardCharsets.UTF_8)));
            assertThat(Integer.signum(Names.compare(x, y))).as(x + " vs " + y).isEqualTo(expected);
        }
    }
}
