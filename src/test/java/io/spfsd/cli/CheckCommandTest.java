package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spfsd.config.Locations;
import io.spfsd.storage.Digest;
import io.spfsd.storage.Repository;
import io.spfsd.testing.TreeBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
    @TempDir
    Path tmp;

    private CliRun run(String... args) {
        return CliRun.of(new Locations(Map.of("SPFSD_REPO", tmp.resolve("repo").toString()), tmp.toString(), "Linux"),
                args);
    }

    @Test
    void findsReportsAndRemovesCorruptPayloadsAndMissingOnes() throws Exception {
        new TreeBuilder(tmp.resolve("src")).file("a", "alpha\n").file("b", "beta\n").file("c", "gamma\n");
        assertThat(run("commit", "-q", tmp.resolve("src").toString(), "-t", "t").code()).isZero();
        CliRun clean = run("check");
        assertThat(clean.code()).as(clean.err()).isZero();
        assertThat(clean.out()).contains("3 payloads").contains("no problems");

        Repository repo = Repository.open(tmp.resolve("repo"));
        Path a = repo.payloadPath(Digest.of("alpha\n".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(a, "alphA\n");
        Files.delete(repo.payloadPath(Digest.of("beta\n".getBytes(StandardCharsets.UTF_8))));

        CliRun bad = run("check", "--json");
        assertThat(bad.code()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(bad.out());
        assertThat(report.get("payloads").asInt()).isEqualTo(2);
        assertThat(report.get("problems")).hasSize(2);
        assertThat(bad.out()).contains("does not match its digest").contains("missing (b in manifest");
        assertThat(Files.exists(a)).as("not removed without --remove").isTrue();

        CliRun removed = run("check", "--remove");
        assertThat(removed.code()).isEqualTo(1);
        assertThat(removed.out()).contains("1 removed");
        assertThat(Files.exists(a)).isFalse();
    }

    @Test
    void aManifestThatClaimsAnotherSizeThanItsPayloadHasIsReported() throws Exception {
        Repository repo = Repository.open(tmp.resolve("repo"));
        Digest payload = repo.putPayload("300 bytes, say\n".getBytes(StandardCharsets.UTF_8)).digest();
        io.spfsd.storage.Tree root = io.spfsd.storage.Tree.of(java.util.List.of(
                io.spfsd.storage.Entry.file("f", 0644, 1L << 62, payload)));
        Digest manifest = repo.putManifest(new io.spfsd.storage.Manifest(root.digest(), Map.of(root.digest(), root)));
        repo.tags().push("liar", repo.putLayer(manifest));
        CliRun bad = run("check");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).contains("gives f " + (1L << 62) + " bytes, but its payload "
                + payload.shortForm() + " has 15");
    }
}
