package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.control.Protocol;
import io.spfsd.storage.Digest;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.StoredObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime whose process swaps a directory of its scratch for a symbolic link to a directory
 * outside, as fast as it can, while its scratch is committed: the daemon reads the scratch
 * with its own rights, and no commit may ever contain what is outside.
 */
class CommitWhileSwappingTest {
    @TempDir
    Path tmp;

    /**
     * A commit, once the kernel has released what the script closed: FUSE sends RELEASE after
     * close returns, so for a moment after the script's last write its file still counts as
     * open for writing (10 s at most).
     */
    private static Protocol.Response commitOnceReleased(DaemonHarness h) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        Protocol.Response c = h.client.send(Protocol.Request.commit(null, "swap"));
        while (!c.ok() && c.error().contains("open for writing") && System.nanoTime() < end) {
            Thread.sleep(20);
            c = h.client.send(Protocol.Request.commit(null, "swap"));
        }
        return c;
    }

    @Test
    void aCommitNeverFollowsALinkSwappedInDuringIt() throws Exception {
        Path victim = tmp.resolve("victim");
        DaemonHarness.write(victim.resolve("secret-name"), "secret\n");
        try (DaemonHarness h = new DaemonHarness(tmp.resolve("d"))) {
            DaemonHarness.write(tmp.resolve("base/f"), "base\n");
            h.commit(tmp.resolve("base"), "base");
            String swapper = "cd $MNT && for i in $(seq 1 300); do mkdir -p d$i && echo $i > d$i/x; done"
                    + " && echo ready && while :; do for i in 1 2 3 4 5 6 7 8 9; do"
                    + " mv d$i t$i && ln -s " + victim + " d$i && rm d$i && mv t$i d$i; done; done";
            DaemonHarness.Gated p = h.gated(swapper);
            try {
                Protocol.Response r = h.client.send(Protocol.Request.mount((int) p.pid(), List.of("base"), true, "swap"));
                assertThat(r.ok()).as(r.error()).isTrue();
                p.release();
                assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(p.process.getInputStream())).readLine())
                        .isEqualTo("ready");
                List<String> names = new ArrayList<>();
                for (int round = 0; round < 10; round++) {
                    Protocol.Response c = commitOnceReleased(h);
                    if (!c.ok() && c.error().startsWith("nothing to commit")) {
                        continue; // the swaps since the last commit happened to cancel out at this moment
                    }
                    assertThat(c.ok()).as(c.error()).isTrue();
                    Digest layer = Digest.parse(c.digest());
                    Manifest m = h.repo.readManifest(((StoredObject.Layer) h.repo.readObject(layer)).manifest());
                    m.walk((path, e) -> names.add(path));
                }
                assertThat(names).isNotEmpty().noneMatch(n -> n.contains("secret-name"));
            } finally {
                p.process.destroyForcibly().waitFor(); // the swapping loop runs until killed
            }
        }
    }
}
