package io.spfsd.storage.remote;

import static io.spfsd.storage.spfs.SpfsFixture.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Repository;
import io.spfsd.storage.spfs.SpfsFixture;
import io.spfsd.storage.spfs.SpfsRepository;
import io.spfsd.storage.spfs.SpfsTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon started again takes what an earlier one converted from an spfs tag, and only while it is there. */
class SpfsConversionMemoTest {
    @TempDir
    Path tmp;

    private static LazyRemote lazy(Path spfs, Repository local) throws Exception {
        return new LazyRemote(new SpfsStore(SpfsRepository.open(spfs)), local, Duration.ofSeconds(20));
    }

    @Test
    void aConvertedTagIsNotConvertedAgainWhileTheRepositoryHoldsWhatItBecame() throws Exception {
        SpfsFixture spfs = new SpfsFixture(tmp.resolve("spfs"));
        Digest payload = spfs.payload("hi\n".getBytes());
        Digest manifest = spfs.object(SpfsFixture.flatManifest(new SpfsTree(List.of(file("a", 0100644, payload, 3)))));
        spfs.tag("t", spfs.object(SpfsFixture.flatLayer(manifest)), "2026-12-07T10:00:00+00:00");
        Repository local = Repository.open(tmp.resolve("local"));
        Digest first = lazy(spfs.root, local).resolve("t");

        Path manifestFile = spfs.objectFile(manifest);
        byte[] good = Files.readAllBytes(manifestFile);
        Files.write(manifestFile, new byte[] {1, 2, 3}); // a conversion now fails: proof that none runs
        List<String> warnings = new java.util.ArrayList<>();
        LazyRemote restarted = lazy(spfs.root, local);
        assertThat(restarted.resolve("t", warnings::add)).as("a new daemon, the same repository").isEqualTo(first);
        assertThat(warnings).as("not the offline fallback: nothing failed").isEmpty();
        assertThatThrownBy(() -> lazy(spfs.root, Repository.open(tmp.resolve("other"))).resolve("t"))
                .as("another repository has no note").hasMessageContaining("object");

        Files.write(manifestFile, good);
        try (var objects = Files.walk(local.root().resolve("objects"))) {
            for (Path f : objects.filter(Files::isRegularFile).toList()) {
                Files.delete(f); // as a clean of everything would
            }
        }
        assertThat(restarted.resolve("t")).as("converted again, by the daemon that took the note before: it names"
                + " what is gone").isEqualTo(first);
        assertThat(local.hasObject(first)).isTrue();
    }
}
