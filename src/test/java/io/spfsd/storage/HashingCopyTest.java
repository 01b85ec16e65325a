package io.spfsd.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HashingCopyTest {
    @Test
    void copiesAndHashesEveryByteOnEitherSideOfTheHandOff() throws IOException {
        Random random = new Random(42);
        for (int size : new int[]{0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 5 * (1 << 20) + 123}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // a stream that hands out odd-sized pieces, as a socket does
            InputStream in = new ByteArrayInputStream(data) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, 7919));
                }
            };
            Repository.Payload p = HashingCopy.copy(in, out);
            assertThat(p.size()).as("size %d", size).isEqualTo(size);
            assertThat(p.digest()).as("digest of %d bytes", size).isEqualTo(Digest.of(data));
            assertThat(out.toByteArray()).as("bytes of %d", size).isEqualTo(data);
        }
    }

    @Test
    void aStreamFailingPastTheHandOffFailsTheCopy() {
        InputStream failing = new InputStream() {
            long left = 3L << 20;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    throw new IOException("connection reset");
                }
                int n = (int) Math.min(len, left);
                left -= n;
                return n;
            }
        };
        assertThatThrownBy(() -> HashingCopy.copy(failing, java.io.OutputStream.nullOutputStream()))
                .hasMessage("connection reset");
    }
}
