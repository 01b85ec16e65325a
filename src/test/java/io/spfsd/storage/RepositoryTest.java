package io.spfsd.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import io.spfsd.os.Posix;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryTest {
    @TempDir
    Path tmp;

    @Test
    void createsItsLayoutOnFirstUseAndReopens() {
        Repository repo = Repository.open(tmp.resolve("repo"));
        assertThat(repo.root().resolve(Repository.FORMAT_FILE)).hasContent(Repository.FORMAT_LINE);
        assertThat(repo.root().resolve("objects")).isDirectory();
        assertThat(Repository.open(tmp.resolve("repo")).root()).isEqualTo(repo.root());
    }

    @Test
    void refusesANonEmptyDirectoryThatIsNotARepository() throws IOException {
        Files.writeString(tmp.resolve("precious.txt"), "x");
        assertThatThrownBy(() -> Repository.open(tmp)).isInstanceOf(RepositoryException.class)
                .hasMessageContaining("not an spfsd repository");
    }

    @Test
    void payloadsAreStoredOnceByDigest() throws IOException {
        Repository repo = Repository.open(tmp.resolve("r"));
        Repository.Payload a = repo.putPayload("same".getBytes());
        Repository.Payload b = repo.putPayload("same".getBytes());
        assertThat(a).isEqualTo(b);
        assertThat(a.digest()).isEqualTo(Digest.of("same".getBytes()));
        try (Stream<Path> s = Files.walk(repo.root().resolve("payloads"))) {
            assertThat(s.filter(Files::isRegularFile).count()).isEqualTo(1);
        }
        try (Stream<Path> s = Files.walk(repo.root().resolve("tmp"))) {
            assertThat(s.filter(Files::isRegularFile).count()).as("no temp files left behind").isZero();
        }
    }

    @Test
    void objectsRoundTripAndCorruptionIsReportedNotServed() throws IOException {
        Repository repo = Repository.open(tmp.resolve("r"));
        Digest m = repo.putManifest(ObjectCodecTest.sample());
        Digest layer = repo.putLayer(m);
        assertThat(repo.readObject(layer)).isEqualTo(new StoredObject.Layer(m));
        assertThat(repo.readManifest(m).rootDigest()).isEqualTo(ObjectCodecTest.sample().rootDigest());

        Path file = objectFile(repo, m);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> repo.readObject(m)).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("does not match its digest");
    }

    @Test
    void theServingPathsCStringOfAPayloadIsItsPath() {
        Repository repo = Repository.open(tmp.resolve("r é"));
        PayloadCPaths cPaths = new PayloadCPaths(repo.root().resolve("payloads"));
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] raw = new byte[Digest.BYTES];
            random.nextBytes(raw);
            Digest d = Digest.fromBytes(raw);
            java.lang.foreign.MemorySegment c = cPaths.of(d);
            assertThat(c.getString(0, StandardCharsets.UTF_8)).isEqualTo(repo.payloadPath(d).toString());
        }
    }

    @Test
    void payloadOfTheWrongSizeOrContentIsCorrupt() throws IOException {
        Repository repo = Repository.open(tmp.resolve("r"));
        Digest d = repo.putPayload("hello".getBytes()).digest();
        int fd = repo.openVerifiedPayload(d, 5, "greeting");
        assertThat(fd).isNotNegative();
        Posix.close(fd);
        Files.writeString(repo.payloadPath(d), "hellO", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> repo.verifyPayload(d)).isInstanceOf(CorruptObjectException.class);
        assertThat(repo.openVerifiedPayload(d, 5, "greeting")).as("same size, other bytes").isEqualTo(-1);
        Files.writeString(repo.payloadPath(d), "hell", StandardCharsets.UTF_8);
        assertThat(repo.openVerifiedPayload(d, 5, "greeting")).as("truncated").isEqualTo(-1);
        Files.writeString(repo.payloadPath(d), "hello", StandardCharsets.UTF_8);
        fd = repo.openVerifiedPayload(d, 5, "greeting");
        assertThat(fd).as("repaired").isNotNegative();
        Posix.close(fd);
        Files.delete(repo.payloadPath(d));
        assertThat(repo.openVerifiedPayload(d, 5, "greeting")).as("missing").isEqualTo(-1);
    }

    @Test
    void findsObjectsByUniquePrefix() {
        Repository repo = Repository.open(tmp.resolve("r"));
        Digest m = repo.putManifest(ObjectCodecTest.sample());
        String text = m.toString();
        assertThat(new Refs(repo).objectsWithPrefix(text.substring(0, 6))).containsExactly(m);
        assertThat(new Refs(repo).objectsWithPrefix(text.substring(0, 6).toLowerCase())).containsExactly(m);
        assertThat(new Refs(repo).objectsWithPrefix(text.substring(0, 3))).as("too short").isEmpty();
        Refs refs = new Refs(repo);
        assertThat(refs.resolve(text.substring(0, 8))).isEqualTo(m);
        assertThatThrownBy(() -> refs.resolve("ZZZZZZZZ")).isInstanceOf(UnknownRefException.class);
        assertThat(refs.manifests(List.of(repo.putPlatform(List.of(repo.putLayer(m), m))))).containsExactly(m, m);
    }

    private static Path objectFile(Repository repo, Digest d) {
        String s = d.toString();
        return repo.root().resolve("objects").resolve(s.substring(0, 2)).resolve(s.substring(2));
    }
}
