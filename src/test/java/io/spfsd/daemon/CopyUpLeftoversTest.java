package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.control.Protocol;
import io.spfsd.storage.EntryKind;
import io.spfsd.storage.StoredObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a daemon killed in the middle of a copy-up leaves in a scratch (its temporary, beside
 * the file's place) is never taken for a change: not listed, not in diff, not a mask in the
 * committed layer.
 */
class CopyUpLeftoversTest {
    @TempDir
    Path tmp;

    private String cli(DaemonHarness h, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--socket", h.client.socket().toString())).toArray(String[]::new);
        int code = io.spfsd.cli.Main.run(all, new PrintWriter(out), new PrintWriter(err),
                new io.spfsd.config.Locations(Map.of("SPFSD_REPO", h.repo.root().toString()), tmp.toString(), "Linux"));
        return code + " " + out + err;
    }

    @Test
    void aCopyUpsTemporaryIsNeitherListedNorAChangeNorAMask() throws Exception {
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            DaemonHarness.write(tmp.resolve("base/etc/conf"), "a=1\n");
            h.commit(tmp.resolve("base"), "base");
            DaemonHarness.Gated p = h.gated("cd $MNT && echo new > etc/added && read again && ls -a etc");
            Protocol.Response r = h.client.send(Protocol.Request.mount((int) p.pid(), List.of("base"), true, "left", true));
            assertThat(r.ok()).isTrue();
            Path upper = Path.of(r.mount().scratch()).resolve("upper");
            p.release();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!Files.exists(upper.resolve("etc/added")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Files.writeString(upper.resolve("etc/.wh..wh.copyup.1234abcd"), "half a co"); // as a killed daemon leaves it
            p.release();
            assertThat(p.output()).isEqualTo(".\n..\nadded\nconf\n");
            assertThat(cli(h, "diff", "--runtime", "left")).isEqualTo("0 + etc/added\n");
            assertThat(cli(h, "commit", "layer", "--runtime", "left", "-t", "t")).startsWith("0 ");
            StoredObject.Layer layer = (StoredObject.Layer) h.repo.readObject(h.repo.tags().history("t").getFirst().target());
            List<String> entries = new java.util.ArrayList<>();
            h.repo.readManifest(layer.manifest()).walk((path, e) -> entries.add(e.kind() + " " + path));
            assertThat(entries).noneMatch(e -> e.contains("copyup")).noneMatch(e -> e.startsWith(EntryKind.MASK.name()));
        }
    }
}
