package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.control.ProgressSink;
import io.spfsd.control.Protocol;
import io.spfsd.node.Mount;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * commit and diff of a runtime tell their progress to a client that asks, and stop, with the
 * runtime as it was, when that client goes away: no half-switched stack, no lost change, and a
 * later commit takes everything.
 */
class CommitProgressTest {
    @TempDir
    Path tmp;

    /** A sink whose client goes away after it has been told `reports` times. */
    private static ProgressSink goneAfter(int reports) {
        return new ProgressSink() {
            private int told;

            @Override
            public void report(String phase, long done, long total) throws ClientGone {
                if (++told > reports) {
                    throw new ClientGone();
                }
            }

            @Override
            public void check() {
            }
        };
    }

    private static UnixDomainPrincipal root() throws Exception {
        UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
        return new UnixDomainPrincipal(users.lookupPrincipalByName("root"), users.lookupPrincipalByGroupName("root"));
    }

    @Test
    void aCommitWhoseClientGoesAwayChangesNothingAndALaterOneTakesEverything() throws Exception {
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            DaemonHarness.write(tmp.resolve("base/f"), "base\n");
            h.commit(tmp.resolve("base"), "base");
            DaemonHarness.Gated p = h.gated("cd $MNT && for d in 1 2 3 4 5 6 7 8; do mkdir d$d;"
                    + " for i in $(seq 1 25); do echo $d$i > d$d/f$i; done; done; rm f");
            assertThat(h.client.send(Protocol.Request.mount((int) p.pid(), List.of("base"), true, "job", true)).ok())
                    .isTrue();
            p.release();
            p.output();
            Mount job = h.daemon.router().mounts().stream().filter(m -> m.name().equals("job")).findFirst().orElseThrow();
            List<String> layersBefore = job.view().layers().stream().map(Object::toString).toList();
            List<Protocol.Change> changesBefore = h.client.send(new Protocol.Request("diff", null, null, null, "job"))
                    .changes();
            assertThat(changesBefore).hasSize(8 * 25 + 8 + 1);

            for (int reports : new int[] {0, 1, 3}) { // gone at once, while reading, while storing
                Protocol.Response r = h.daemon.handle(Protocol.Request.commit(null, "job"), root(), goneAfter(reports));
                assertThat(r.ok()).isFalse();
                assertThat(r.error()).isEqualTo("commit of runtime 'job' stopped: its client went away");
                assertThat(job.view().layers().stream().map(Object::toString).toList()).isEqualTo(layersBefore);
                assertThat(h.client.send(new Protocol.Request("diff", null, null, null, "job")).changes())
                        .isEqualTo(changesBefore);
            }
            Protocol.Response d = h.daemon.handle(new Protocol.Request("diff", null, null, null, "job"), root(),
                    goneAfter(2));
            assertThat(d.error()).isEqualTo("diff of runtime 'job' stopped: its client went away");

            java.nio.file.Files.createDirectories(h.repo.root().resolve("tags"));
            java.nio.file.Files.writeString(h.repo.root().resolve("tags/blocked"), "a file where a directory must be");
            List<Protocol.Progress> told = new CopyOnWriteArrayList<>();
            Protocol.Response c = h.client.send(Protocol.Request.commit(null, "job").withTags(List.of("blocked/t")),
                    told::add);
            assertThat(c.ok()).as("committed, but not tagged").isFalse();
            assertThat(c.error()).startsWith("runtime 'job' is committed as layer ")
                    .contains(", but the tag blocked/t could not be set (").endsWith(" TAG");
            assertThat(told).isNotEmpty();
            assertThat(job.view().layers()).hasSize(layersBefore.size() + 1);
            assertThat(h.client.send(new Protocol.Request("diff", null, null, null, "job")).changes()).isEmpty();
            DaemonHarness.Gated q = h.gated("cat $MNT/d3/f7; ls $MNT | wc -l");
            assertThat(h.client.send(Protocol.Request.mount((int) q.pid(), List.of(), false, "job")).ok()).isTrue();
            q.release();
            assertThat(q.output()).isEqualTo("37\n8\n");
        }
    }
}
