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

    @Test
    void anyBytesDecodeAndEncodeBackExactly() {
        Random rnd = new Random(5);
        byte[] interesting = {(byte) 0x80, (byte) 0xC0, (byte) 0xC3, (byte) 0xA9, (byte) 0xE2, (byte) 0x82,
            (byte) 0xAC, (byte) 0xED, (byte) 0xA0, (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0xFF, 'a', 'Z'};
        for (int i = 0; i < 50_000; i++) {
            byte[] b = new byte[1 + rnd.nextInt(12)];
            for (int k = 0; k < b.length; k++) {
                b[k] = rnd.nextBoolean() ? interesting[rnd.nextInt(interesting.length)] : (byte) rnd.nextInt(256);
            }
            String s = Names.decode(b);
            assertThat(Names.encode(s)).as(Arrays.toString(b)).isEqualTo(b);
            assertThat(Names.encodedLength(s)).isEqualTo(b.length);
        }
    }

    @Test
    void validUtf8IsAnOrdinaryStringAndOtherBytesAreKept() {
        assertThat(Names.decode("café 😀".getBytes(StandardCharsets.UTF_8))).isEqualTo("café 😀");
        String latin1 = Names.decode(new byte[]{'c', 'a', 'f', (byte) 0xE9});
        String other = Names.decode(new byte[]{'c', 'a', 'f', (byte) 0xE8});
        assertThat(latin1).isNotEqualTo(other).doesNotContain("\uFFFD");
        // Surrogates encoded in UTF-8 (CESU) and overlong forms are not valid UTF-8: kept as bytes.
        assertThat(Names.encode(Names.decode(new byte[]{(byte) 0xED, (byte) 0xB2, (byte) 0x80})))
                .containsExactly(0xED, 0xB2, 0x80);
        assertThat(Names.decode(new byte[]{(byte) 0xC0, (byte) 0xAF})).hasSize(2);
    }

    @Test
    void compareIsUnsignedByteOrderForAnyBytes() {
        Random rnd = new Random(9);
        byte[] pool = {(byte) 0x61, (byte) 0x7A, (byte) 0x80, (byte) 0xC3, (byte) 0xA9, (byte) 0xE9, (byte) 0xED,
            (byte) 0xEE, (byte) 0x80, (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, (byte) 0xFF};
        for (int i = 0; i < 50_000; i++) {
            byte[] x = random(rnd, pool);
            byte[] y = random(rnd, pool);
            int expected = Integer.signum(Arrays.compareUnsigned(x, y));
            assertThat(Integer.signum(Names.compare(Names.decode(x), Names.decode(y))))
                    .as(Arrays.toString(x) + " vs " + Arrays.toString(y)).isEqualTo(expected);
        }
    }

    private static byte[] random(Random rnd, byte[] pool) {
        byte[] b = new byte[1 + rnd.nextInt(5)];
        for (int k = 0; k < b.length; k++) {
            b[k] = pool[rnd.nextInt(pool.length)];
        }
        return b;
    }

    @Test
    void displayEscapesWhatIsNotText() {
        assertThat(Names.display("plain é")).isEqualTo("plain é");
        assertThat(Names.display(Names.decode(new byte[]{'c', 'a', 'f', (byte) 0xE9}))).isEqualTo("caf\\xe9");
        assertThat(Names.display("a\nb\\c")).isEqualTo("a\\x0ab\\\\c");
    }
}
