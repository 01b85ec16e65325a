package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.node.NodeDomain;
import io.spfsd.node.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status's scratch_bytes: a walk of the scratch, reused for a while since status asks for every runtime. */
class ScratchSizeTest {
    @TempDir
    Path tmp;

    @Test
    void aScratchIsWalkedAgainOnlyOnceItsSizeIsOlderThanTheLimit() throws Exception {
        Scratch s = Scratch.fresh(tmp.resolve("rt"), new NodeDomain.Private(1));
        Files.createDirectories(s.upper().resolve("d"));
        Files.write(s.upper().resolve("d/a"), new byte[100]);
        long t0 = 1_000_000_000_000L;
        assertThat(Scratches.bytes(s, t0)).isEqualTo(100);
        Files.write(s.upper().resolve("b"), new byte[23]);
        assertThat(Scratches.bytes(s, t0 + Scratches.SIZE_TTL_NANOS - 1)).as("reused").isEqualTo(100);
        assertThat(Scratches.bytes(s, t0 + Scratches.SIZE_TTL_NANOS)).as("walked again").isEqualTo(123);
    }
}
