package io.spfsd.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The system library's SHA-256 gives the JDK's digests, whatever the sizes and ways of feeding it. */
class NativeSha256Test {
    private static MessageDigest jdk() throws Exception {
        return MessageDigest.getInstance("SHA-256", "SUN");
    }

    @Test
    void isThereOnThisLinuxAndOnMacs() {
        // Debian ships libcrypto.so.3 with libssl3, which nginx and curl need; macOS has CommonCrypto
        assertThat(NativeSha256.available()).isTrue();
    }

    @Test
    void digestsLikeTheJdkAtEverySizeAroundTheBlockAndCallLimits() throws Exception {
        Random random = new Random(11);
        for (int size : new int[]{0, 1, 55, 56, 63, 64, 65, 1000, 65_536, (1 << 20) - 1, 1 << 20, (1 << 20) + 3,
                3 * (1 << 20) + 17}) {
            byte[] data = new byte[size + 10];
            random.nextBytes(data);
            MessageDigest n = NativeSha256.create();
            n.update(data, 5, size);
            MessageDigest j = jdk();
            j.update(data, 5, size);
            assertThat(n.digest()).as("%d bytes", size).isEqualTo(j.digest());
        }
    }

    @Test
    void bytesBuffersAndPiecesMakeTheSameDigestAndDigestResets() throws Exception {
        byte[] data = new byte[10_000];
        new Random(3).nextBytes(data);
        MessageDigest n = NativeSha256.create();
        for (byte b : data) {
            n.update(b);
        }
        byte[] one = n.digest();
        assertThat(one).isEqualTo(jdk().digest(data));
        n.update(ByteBuffer.wrap(data, 0, 4000));
        ByteBuffer direct = ByteBuffer.allocateDirect(6000).put(data, 4000, 6000).flip();
        n.update(direct);
        assertThat(n.digest()).as("after digest() it starts again").isEqualTo(one);
        n.update(data, 0, 100);
        n.reset();
        assertThat(n.digest(data)).isEqualTo(one);
    }

    @Test
    void aCloneGoesOnFromTheSameStateWithoutTheOriginal() throws Exception {
        byte[] data = new byte[5000];
        new Random(5).nextBytes(data);
        MessageDigest n = NativeSha256.create();
        n.update(data, 0, 2000);
        MessageDigest copy = (MessageDigest) n.clone();
        n.update(data, 2000, 3000);
        copy.update(new byte[]{1, 2, 3});
        MessageDigest j = jdk();
        j.update(data, 0, 2000);
        j.update(new byte[]{1, 2, 3});
        assertThat(n.digest()).isEqualTo(jdk().digest(data));
        assertThat(copy.digest()).isEqualTo(j.digest());
    }
}
