package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.storage.Digest;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Never serve wrong bytes, on a real mount: a payload changed on disk after it was committed
 * (one flipped byte, or truncated after its first open) is answered with EIO once the
 * kernel's cache is dropped, never served; the other files of the runtime are unaffected.
 */
class IntegrityTest {
    @TempDir
    Path tmp;

    @Test
    void corruptPayloadsAreRefusedWithEioAndOthersStillServe() throws Exception {
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            Path tree = tmp.resolve("tree");
            byte[] data = new byte[300_000];
            new Random(3).nextBytes(data);
            Files.createDirectories(tree);
            Files.write(tree.resolve("flipped"), data);
            Path flipped = h.repo.payloadPath(Digest.of(data));
            data[0] ^= 1; // a different payload for the truncation case
            Files.write(tree.resolve("truncated"), data);
            Path truncated = h.repo.payloadPath(Digest.of(data));
            DaemonHarness.write(tree.resolve("fine"), "fine\n");
            h.commit(tree, "t");

            String read = "for f in flipped truncated fine; do wc -c < $MNT/$f 2>&1 || echo fail; done";
            assertThat(h.runIn("t", read)).isEqualTo("300000\n300000\n5\n");

            flipOneByte(flipped);
            try (RandomAccessFile f = new RandomAccessFile(truncated.toFile(), "rw")) {
                f.setLength(100_000);
            }
            dropCaches();
            String out = h.runIn("t", "for f in flipped truncated fine; do cat $MNT/$f > /dev/null 2>&1"
                    + " && echo \"$f served\" || echo \"$f refused\"; done; cat $MNT/fine");
            assertThat(out).isEqualTo("flipped refused\ntruncated refused\nfine served\nfine\n");
            assertThat(h.runIn("t", "cat $MNT/flipped 2>&1 >/dev/null")).contains("Input/output error");
        }
    }

    private static void flipOneByte(Path p) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(150_000);
            int b = f.read();
            f.seek(150_000);
            f.write(b ^ 0x20);
        }
    }

    /** Forgets the pages the kernel cached for the mount (keep_cache would serve them). */
    static void dropCaches() throws Exception {
        Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
    }
}
