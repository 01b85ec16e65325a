package io.spfsd.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DigestTest {
    // SHA-256("abc"), FIPS 180-2 test vector.
    private static final String ABC_HEX = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void aStoreShardsByTheFirstTwoCharacters() {
        Digest d = Digest.of("hello".getBytes());
        String text = d.toString();
        assertThat(d.shardedText()).isEqualTo(text.substring(0, 2) + "/" + text.substring(2)); // docs/repository-format.md
        byte[] out = new byte[Digest.SHARDED_LENGTH + 3];
        d.writeShardedText(out, 3);
        assertThat(new String(out, 3, Digest.SHARDED_LENGTH, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo(d.shardedText());
    }

    @Test
    void eachShardHasItsOwnNumber() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        java.util.Map<String, Integer> numbers = new java.util.HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            Digest d = Digest.of(Integer.toString(i).getBytes());
            String shard = d.shardedText().substring(0, Digest.SHARD_CHARS);
            assertThat(d.shardIndex()).isEqualTo(alphabet.indexOf(shard.charAt(0)) * 32 + alphabet.indexOf(shard.charAt(1)))
                    .isBetween(0, Digest.SHARDS - 1);
            numbers.put(shard, d.shardIndex());
        }
        assertThat(numbers).hasSize(Digest.SHARDS); // 20,000 digests reach every shard
    }

    @Test
    void hashesLikeSha256AndPrintsRfc4648Base32WithoutPadding() {
        Digest d = Digest.of("abc".getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(d.toBytes())).isEqualTo(ABC_HEX);
        String text = d.toString();
        assertThat(text).hasSize(52).matches("[A-Z2-7]+");
        // Cross-check the base32 against an independent encoder: base32 of the bytes must decode back.
        assertThat(Digest.parse(text)).isEqualTo(d);
        assertThat(Digest.parse(text.toLowerCase() + "====")).isEqualTo(d);
    }

    @Test
    void knownBase32OfTheAbcVector() {
        // RFC 4648 base32 of the FIPS vector, computed independently (python3 base64.b32encode).
        assertThat(Digest.of("abc".getBytes(StandardCharsets.UTF_8)).toString())
                .isEqualTo("XJ4BNP4PAHH6UQKBIDPF3LRCEOYAGYNDSYLXVHFUCD7WD4QACWWQ");
    }

    @Test
    void rejectsWhatIsNotADigest() {
        assertThatThrownBy(() -> Digest.parse("ABC")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Digest.parse("1".repeat(52))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Digest.fromBytes(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ordersByUnsignedBytes() {
        byte[] low = new byte[32];
        byte[] high = new byte[32];
        high[0] = (byte) 0x80;
        assertThat(Digest.fromBytes(low)).isLessThan(Digest.fromBytes(high));
    }
}
