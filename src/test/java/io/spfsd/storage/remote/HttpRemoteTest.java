package io.spfsd.storage.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.storage.CorruptObjectException;
import io.spfsd.storage.Digest;
import io.spfsd.storage.DirectoryImporter;
import io.spfsd.storage.Repository;
import io.spfsd.testing.Nginx;
import io.spfsd.testing.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** http remotes against a real nginx on 127.0.0.1: WebDAV pushes, plain GET pulls. */
class HttpRemoteTest {
    @TempDir
    Path tmp;

    private Digest commit(Repository r, String dir, String... files) throws Exception {
        TreeBuilder t = new TreeBuilder(tmp.resolve(dir));
        for (String f : files) {
            t.file(f, dir + ":" + f + "\n");
        }
        return r.putLayer(new DirectoryImporter(r, new DirectoryImporter.Listener() {
        }).importDirectory(t.root()).manifest());
    }

    @Test
    void pushOverWebDavThenPullOverGetGivesTheSameContentAndTag() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("www"));
        try (Nginx nginx = Nginx.serve(served, Files.createDirectories(tmp.resolve("nginx")))) {
            Repository here = Repository.open(tmp.resolve("here"));
            Digest layer = commit(here, "tool", "bin/tool", "etc/conf", "share/doc");
            here.tags().push("tool", layer);
            ObjectStore remote = Remotes.open(nginx.url(), true);
            Transfer.Result pushed = Transfer.copy(new RepositoryStore(here), remote, List.of(layer), (d, t, b) -> { });
            remote.pushTag("tool", layer);
            assertThat(pushed.payloads()).isEqualTo(3);
            assertThat(served.resolve("tags/tool.tag")).exists();
            assertThat(Transfer.copy(new RepositoryStore(here), remote, List.of(layer), (d, t, b) -> { }).objects())
                    .as("nothing moves twice").isZero();

            Repository there = Repository.open(tmp.resolve("there"));
            ObjectStore origin = Remotes.open(nginx.url(), false);
            Digest resolved = origin.resolve("tool");
            assertThat(resolved).isEqualTo(layer);
            Transfer.Result pulled = Transfer.copy(origin, new RepositoryStore(there), List.of(resolved), (d, t, b) -> { });
            assertThat(pulled.objects()).isEqualTo(2);
            assertThat(pulled.payloads()).isEqualTo(3);
            assertThat(there.readManifest(((io.spfsd.storage.StoredObject.Layer) there.readObject(layer)).manifest())
                    .entryCount()).isEqualTo(here.readManifest(((io.spfsd.storage.StoredObject.Layer) here
                    .readObject(layer)).manifest()).entryCount());
            assertThatThrownBy(() -> origin.resolve("nothing")).hasMessageContaining("unknown ref 'nothing'");
        }
    }

    @Test
    void aCorruptDownloadIsNeverStoredAndAnUnreachableOriginFailsInBoundedTime() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("www"));
        try (Nginx nginx = Nginx.serve(served, Files.createDirectories(tmp.resolve("nginx")))) {
            Repository here = Repository.open(tmp.resolve("here"));
            Digest layer = commit(here, "tool", "a", "b");
            Transfer.copy(new RepositoryStore(here), Remotes.open(nginx.url(), true), List.of(layer), (d, t, b) -> { });
            try (var s = Files.walk(served.resolve("payloads"))) {
                Path one = s.filter(Files::isRegularFile).findFirst().orElseThrow();
                Files.writeString(one, "tampered on the server\n");
            }
            Repository there = Repository.open(tmp.resolve("there"));
            assertThatThrownBy(() -> Transfer.copy(Remotes.open(nginx.url(), false), new RepositoryStore(there),
                    List.of(layer), (d, t, b) -> { })).isInstanceOf(CorruptObjectException.class);
            assertThat(there.hasObject(layer)).isFalse();
            try (var s = Files.walk(there.root().resolve("payloads"))) {
                assertThat(s.filter(Files::isRegularFile).count()).as("only the good payload landed").isLessThan(2);
            }
        }
        long t0 = System.nanoTime();
        HttpStore gone = new HttpStore("http://127.0.0.1:9/", Duration.ofSeconds(1)); // discard port: nothing listens
        assertThatThrownBy(() -> gone.hasObject(Digest.of(new byte[0]))).hasMessageStartingWith("cannot reach");
        assertThat((System.nanoTime() - t0) / 1e9).as("retries with backoff, then gives up").isLessThan(10);
    }
}
