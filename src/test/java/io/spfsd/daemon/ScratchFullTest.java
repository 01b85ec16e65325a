package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.control.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full scratch disk: the write that does not fit gets ENOSPC, and nothing already written is lost. */
class ScratchFullTest {
    @TempDir
    Path tmp;

    private static int sh(String cmd) throws Exception {
        return new ProcessBuilder("sh", "-c", cmd).inheritIO().start().waitFor();
    }

    @Test
    void aFullScratchAnswersEnospcAndKeepsWhatWasWritten() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        assertThat(sh("mount -t tmpfs -o size=3m tmpfs " + run)).isZero();
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            DaemonHarness.write(tmp.resolve("base/f"), "base\n");
            h.commit(tmp.resolve("base"), "base");
            DaemonHarness.Gated p = h.gated("cd $MNT && dd if=/dev/urandom of=a bs=1M count=1 2>/dev/null"
                    + " && sha256sum a > /dev/null && cp a a.copy"
                    + " && { dd if=/dev/zero of=b bs=1M count=8 2>&1 | grep -o 'No space left on device' | head -1; }"
                    + " ; cmp a a.copy && echo intact && wc -c < a");
            assertThat(h.client.send(Protocol.Request.mount((int) p.pid(), List.of("base"), true, "full")).ok())
                    .isTrue();
            p.release();
            assertThat(p.output()).isEqualTo("No space left on device\nintact\n1048576\n");
        } finally {
            sh("umount -l " + run);
        }
    }

    @Test
    void aCopyUpThatDoesNotFitFailsWithEnospcAndLeavesTheStackFileShownAndNoHalfCopy() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        assertThat(sh("mount -t tmpfs -o size=1m tmpfs " + run)).isZero();
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            DaemonHarness.write(tmp.resolve("base/big"), "0123456789".repeat(300_000));
            h.commit(tmp.resolve("base"), "base");
            DaemonHarness.Gated p = h.gated("cd $MNT && { { echo more >> big; } 2>&1 | sed 's/.*: //'; }"
                    + " ; wc -c < big && head -c 10 big && echo");
            Protocol.Response r = h.client.send(Protocol.Request.mount((int) p.pid(), List.of("base"), true, "full2",
                    true)); // kept: its scratch stays to be looked at
            assertThat(r.ok()).isTrue();
            p.release();
            assertThat(p.output()).isEqualTo("No space left on device\n3000000\n0123456789\n");
            try (var files = Files.walk(Path.of(r.mount().scratch()).resolve("upper"))) {
                assertThat(files.filter(Files::isRegularFile).toList()).as("no half copy left").isEmpty();
            }
        } finally {
            sh("umount -l " + run);
        }
    }
}
