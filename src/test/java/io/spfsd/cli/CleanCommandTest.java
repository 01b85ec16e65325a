package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.storage.Digest;
import io.spfsd.storage.Repository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** clean, as spfs's: it says what it would remove, and removes only with --yes. */
class CleanCommandTest {
    @TempDir
    Path tmp;

    private CliRun run(String... args) {
        return CliRun.inRepo(tmp, args);
    }

    @Test
    void previewsByDefaultAndRemovesWithYes() throws Exception {
        Repository repo = Repository.open(tmp.resolve("repo"));
        Digest orphan = repo.putPayload("nobody refers to me\n".getBytes(StandardCharsets.UTF_8)).digest();
        CliRun preview = run("clean", "--older-than", "0");
        assertThat(preview.code()).as(preview.err()).isZero();
        assertThat(preview.out()).startsWith("would remove 0 objects, 1 payloads").contains("spfsd clean --yes removes them");
        assertThat(repo.hasPayload(orphan)).as("a preview removes nothing").isTrue();
        assertThat(run("clean", "-n", "--older-than", "0").out()).startsWith("would remove");
        assertThat(run("clean", "--json", "--older-than", "0").json().get("dry_run").asBoolean()).isTrue();
        assertThat(run("clean", "--yes", "-n").code()).isEqualTo(Main.EXIT_USAGE);
        CliRun removed = run("clean", "--yes", "--older-than", "0");
        assertThat(removed.out()).startsWith("removed 0 objects, 1 payloads");
        assertThat(repo.hasPayload(orphan)).isFalse();
    }
}
