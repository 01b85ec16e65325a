package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.control.Protocol;
import io.spfsd.storage.Digest;
import io.spfsd.storage.DirectoryImporter;
import io.spfsd.storage.EntryKind;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.Repository;
import io.spfsd.storage.StoredObject;
import io.spfsd.testing.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve --remote: a runtime of a ref only the remote has, payloads fetched on first open. */
class LazyRuntimeTest {
    @TempDir
    Path tmp;

    /** tmp/src (made by the test) as a layer of origin. */
    private Digest layerOfSrc(Repository origin) throws Exception {
        return origin.putLayer(new DirectoryImporter(origin, new DirectoryImporter.Listener() {
        }).importDirectory(tmp.resolve("src")).manifest());
    }

    /** An nginx serving tmp/www, where a remote can be pushed. */
    private io.spfsd.testing.Nginx nginx() throws Exception {
        return io.spfsd.testing.Nginx.serve(Files.createDirectories(tmp.resolve("www")),
                Files.createDirectories(tmp.resolve("nginx")));
    }

    /** layer, copied from origin to the remote at url, tagged there. */
    private static void publish(Repository origin, Digest layer, String url, String tag) throws Exception {
        try (var far = io.spfsd.storage.remote.Remotes.open(url, true)) {
            io.spfsd.storage.remote.Transfer.copy(new io.spfsd.storage.remote.RepositoryStore(origin), far,
                    List.of(layer), (d, t, b) -> { });
            far.pushTag(tag, layer);
        }
    }

    @Test
    void aRemoteRefMountsAtOnceAndEachPayloadArrivesOnItsFirstOpenVerified() throws Exception {
        Repository origin = Repository.open(tmp.resolve("origin"));
        new TreeBuilder(tmp.resolve("src")).file("bin/tool", "the tool\n").file("etc/conf", "conf\n")
                .file("etc/bad", "will be tampered with\n");
        Digest layer = layerOfSrc(origin);
        origin.tags().push("far", layer);
        Manifest m = origin.readManifest(((StoredObject.Layer) origin.readObject(layer)).manifest());
        List<Digest> payloads = new ArrayList<>();
        Digest[] bad = new Digest[1];
        m.walk((p, e) -> {
            if (e.kind() == EntryKind.FILE) {
                payloads.add(e.digest());
                if (e.name().equals("bad")) {
                    bad[0] = e.digest();
                }
            }
        });
        Files.writeString(origin.payloadPath(bad[0]), "tampered at the origin, same size!!!\n");

        try (DaemonHarness h = new DaemonHarness(tmp.resolve("d"), io.spfsd.os.Os.current().processes(),
                "file://" + origin.root())) {
            assertThat(h.repo.hasObject(layer)).isFalse();
            String out = h.runIn("far", "ls $MNT/etc; cat $MNT/bin/tool; cat $MNT/bin/tool; cat $MNT/etc/bad"
                    + " 2>&1 >/dev/null | sed 's/.*: //'");
            assertThat(out).isEqualTo("bad\nconf\nthe tool\nthe tool\nInput/output error\n");
            assertThat(h.repo.hasObject(layer)).as("objects came at mount").isTrue();
            assertThat(payloads.stream().filter(h.repo::hasPayload).toList()).as("only what was opened, verified")
                    .hasSize(1);
            assertThat(h.repo.hasPayload(bad[0])).as("a corrupt download is never stored").isFalse();
            java.io.StringWriter cleaned = new java.io.StringWriter();
            int code = io.spfsd.cli.Main.run(new String[]{"clean", "--cache", "--json", "--socket",
                    h.client.socket().toString()}, new java.io.PrintWriter(cleaned), new java.io.PrintWriter(
                    new java.io.StringWriter()), new io.spfsd.config.Locations(java.util.Map.of(), tmp.toString(), "Linux"));
            assertThat(code).isZero();
            assertThat(cleaned.toString()).contains("\"payloads\" : 1");
            assertThat(payloads.stream().filter(h.repo::hasPayload).toList()).as("evicted").isEmpty();
            assertThat(h.runIn("far", "cat $MNT/bin/tool")).as("fetched again when opened").isEqualTo("the tool\n");
            DaemonHarness.Gated other = h.gated("true");
            Protocol.Response none = h.mount(other.pid(), "nowhere");
            other.release();
            assertThat(none.error()).contains("unknown ref 'nowhere'").contains("nor at " + origin.root());
        }
    }

    @Test
    void whenTheOriginGoesAwayCachedFilesStillReadAndAnUncachedOpenFailsInBoundedTime() throws Exception {
        Repository origin = Repository.open(tmp.resolve("origin"));
        new TreeBuilder(tmp.resolve("src")).file("bin/tool", "the tool\n").file("etc/conf", "conf\n");
        Digest layer = layerOfSrc(origin);
        io.spfsd.testing.Nginx nginx = nginx();
        try (nginx; DaemonHarness h = new DaemonHarness(tmp.resolve("d"), io.spfsd.os.Os.current().processes(),
                nginx.url())) {
            publish(origin, layer, nginx.url(), "far");
            DaemonHarness.Gated tree = h.gated("cat $MNT/bin/tool; read again; cat $MNT/bin/tool;"
                    + " s=$(date +%s); cat $MNT/etc/conf 2>&1 | sed 's/.*: //'; echo took $(( $(date +%s) - s ))");
            assertThat(h.mount(tree.pid(), "far").ok()).isTrue();
            tree.release();
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                    tree.process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(lines.readLine()).as("read while the origin is up").isEqualTo("the tool");
            nginx.close(); // the origin goes away
            tree.release();
            assertThat(lines.readLine()).as("the cached file reads on").isEqualTo("the tool");
            assertThat(lines.readLine()).as("the uncached one fails").isEqualTo("Input/output error");
            assertThat(Integer.parseInt(lines.readLine().replace("took ", ""))).as("seconds until EIO").isLessThan(10);
            assertThat(tree.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aTagResolvedBeforeStartsWhenTheOriginIsStoppedWithAWarningNamingWhen() throws Exception {
        Repository origin = Repository.open(tmp.resolve("origin"));
        new TreeBuilder(tmp.resolve("src")).file("bin/tool", "the tool\n");
        Digest layer = layerOfSrc(origin);
        io.spfsd.testing.Nginx nginx = nginx();
        try (nginx; DaemonHarness h = new DaemonHarness(tmp.resolve("d"), io.spfsd.os.Os.current().processes(),
                nginx.url())) {
            publish(origin, layer, nginx.url(), "rem");
            DaemonHarness.Gated first = h.gated("cat $MNT/bin/tool");
            Protocol.Response online = h.mount(first.pid(), "rem");
            first.release();
            assertThat(online.ok()).as(online.error()).isTrue();
            assertThat(first.output()).isEqualTo("the tool\n");
            assertThat(online.warning()).as("resolved at the origin: nothing to warn of").isNull();

            nginx.close(); // the origin is stopped
            DaemonHarness.Gated second = h.gated("cat $MNT/bin/tool");
            Protocol.Response offline = h.mount(second.pid(), "rem");
            second.release();
            assertThat(offline.ok()).as(offline.error()).isTrue();
            assertThat(second.output()).as("every byte was cached").isEqualTo("the tool\n");
            assertThat(offline.warning()).as("one line naming when it was resolved").contains("rem")
                    .containsPattern("\\d{4}-\\d{2}-\\d{2}").doesNotContain("\n");
        }
    }
}
