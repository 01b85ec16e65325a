package io.spfsd.storage.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Entry;
import io.spfsd.storage.Manifest;
import io.spfsd.storage.Repository;
import io.spfsd.storage.Tree;
import io.spfsd.testing.HostileOrigin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime's missing payloads come from its own remote (and the daemon's), never from a remote
 * another runtime named; remotes no runtime names any more are forgotten.
 */
class LazyRemotesTest {
    @TempDir
    Path tmp;

    private record Origin(HostileOrigin server, Digest layer, Digest payload, long size) {
    }

    private Origin origin(String name, String content) throws Exception {
        Repository r = Repository.open(tmp.resolve(name));
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Digest p = r.putPayload(bytes).digest();
        Tree root = Tree.of(List.of(Entry.file("f", 0644, bytes.length, p)));
        Digest layer = r.putLayer(r.putManifest(new Manifest(root.digest(), Map.of(root.digest(), root))));
        r.tags().push(name, layer);
        return new Origin(new HostileOrigin(r.root()), layer, p, bytes.length);
    }

    @Test
    void aRuntimesPayloadsComeFromItsRemoteAndNoOtherRuntimes() throws Exception {
        Origin mine = origin("mine", "my bytes\n");
        Origin theirs = origin("theirs", "their bytes\n");
        try (HostileOrigin a = mine.server(); HostileOrigin b = theirs.server()) {
            Repository local = Repository.open(tmp.resolve("local"));
            List<String> live = new ArrayList<>();
            LazyRemotes remotes = new LazyRemotes(local, null, Duration.ofSeconds(5), 0, d -> false,
                    () -> (Collection<String>) List.copyOf(live));
            live.add(b.url());
            assertThat(remotes.resolve("theirs", b.url(), w -> { })).isEqualTo(theirs.layer());
            live.add(a.url());
            assertThat(remotes.resolve("mine", a.url(), w -> { })).isEqualTo(mine.layer());
            assertThat(remotes.urls()).containsExactlyInAnyOrder(a.url(), b.url());
            b.requests.clear();

            int fd = local.openVerifiedPayload(mine.payload(), mine.size(), "f", a.url(), () -> false);
            assertThat(fd).isNotNegative();
            io.spfsd.os.Posix.close(fd);
            assertThat(b.requests).as("the other runtime's remote heard nothing of it").isEmpty();
            assertThat(a.requests).contains("GET payloads/" + mine.payload().shardedText());

            assertThat(local.openVerifiedPayload(theirs.payload(), theirs.size(), "f", a.url(), () -> false))
                    .as("a payload only the other runtime's remote has is not fetched from it").isNegative();
            assertThat(b.requests).isEmpty();

            live.remove(b.url());
            assertThat(remotes.urls()).as("a remote no runtime names is forgotten").containsExactly(a.url());
        }
    }

    @Test
    void aRefResolvedAndCachedBeforeStartsWhileItsRemoteIsDownWithAWarning() throws Exception {
        Origin origin = origin("pkg", "cached bytes\n");
        Repository local = Repository.open(tmp.resolve("local"));
        String url = origin.server().url();
        List<String> warnings = new ArrayList<>();
        try (HostileOrigin up = origin.server()) {
            LazyRemotes online = new LazyRemotes(local, null, Duration.ofSeconds(5), 0, d -> false, () -> List.of(url));
            assertThat(online.resolve("pkg", url, warnings::add)).isEqualTo(origin.layer());
            assertThat(warnings).isEmpty();
        }
        // the origin is gone now: a new daemon (new LazyRemotes) starts the same runtime from what it recorded
        LazyRemotes offline = new LazyRemotes(local, null, Duration.ofSeconds(2), 0, d -> false, () -> List.of(url));
        assertThat(offline.resolve("pkg", url, warnings::add)).isEqualTo(origin.layer());
        assertThat(warnings).singleElement().asString().startsWith("cannot reach " + url)
                .containsPattern("using 'pkg' as it was resolved there at 20[0-9-]+T[0-9:]+Z");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> offline.resolve("never-seen", url, warnings::add))
                .hasMessageContaining("cannot resolve 'never-seen'");
    }
}
