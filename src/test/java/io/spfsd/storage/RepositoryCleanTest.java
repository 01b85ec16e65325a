package io.spfsd.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.testing.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryCleanTest {
    @TempDir
    Path tmp;
    Repository repo;

    @BeforeEach
    void setUp() {
        repo = Repository.open(tmp.resolve("repo"));
    }

    private Digest layerOf(String dir, String... files) throws Exception {
        TreeBuilder t = new TreeBuilder(tmp.resolve(dir));
        for (String f : files) {
            t.file(f, dir + ":" + f);
        }
        return repo.putLayer(new DirectoryImporter(repo, new DirectoryImporter.Listener() {
        }).importDirectory(t.root()).manifest());
    }

    /** Every file in the repository looks an hour old: the grace period does not hold it. */
    private void ageEverything() throws Exception {
        try (Stream<Path> all = Files.walk(repo.root())) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            }
        }
    }

    @Test
    void removesOnlyWhatNoTagAnyVersionNorExtraRootReaches() throws Exception {
        Digest tagged = layerOf("a", "x", "shared");
        Digest older = layerOf("b", "y");
        Digest loose = layerOf("c", "z");
        Digest kept = layerOf("d", "w");
        repo.tags().push("t", older);
        repo.tags().push("t", tagged); // older stays reachable as t~1
        Digest platform = repo.putPlatform(List.of(tagged, kept));
        Files.writeString(repo.tmpDir().resolve("p-1-1.tmp"), "left by a dead write");
        Files.writeString(repo.tmpDirOfThisThread().resolve("p-2-1.tmp"), "left by a dead writing thread");
        ageEverything();

        RepositoryClean.Report dry = RepositoryClean.run(repo, List.of(kept), Duration.ZERO, true);
        assertThat(dry.objects()).as("loose layer + its manifest, and the platform").isEqualTo(3);
        assertThat(dry.payloads()).isEqualTo(1);
        assertThat(dry.tmpFiles()).as("in tmp/ and in a thread's tmp/tN/").isEqualTo(2);
        assertThat(repo.hasObject(loose)).as("a dry run removes nothing").isTrue();

        RepositoryClean.Report r = RepositoryClean.run(repo, List.of(kept), Duration.ZERO, false);
        assertThat(r).isEqualTo(new RepositoryClean.Report(3, 1, 2, dry.bytes(), false));
        assertThat(repo.hasObject(loose)).isFalse();
        assertThat(repo.hasObject(platform)).isFalse();
        for (Digest live : List.of(tagged, older, kept)) {
            assertThat(repo.hasObject(live)).isTrue();
            Manifest m = repo.readManifest(((StoredObject.Layer) repo.readObject(live)).manifest());
            m.walk((path, e) -> {
                if (e.kind() == EntryKind.FILE) {
                    assertThat(repo.payloadPath(e.digest())).exists();
                }
            });
        }
    }

    @Test
    void anythingYoungerThanTheGracePeriodStays() throws Exception {
        Digest loose = layerOf("c", "z");
        RepositoryClean.Report r = RepositoryClean.run(repo, List.of(), Duration.ofMinutes(10), false);
        assertThat(r.objects() + r.payloads()).isZero();
        assertThat(repo.hasObject(loose)).isTrue();
    }

    @Test
    void cleanDoesNotRunWhileAnyCommitDoes() throws Exception {
        try (RepositoryLock writing = RepositoryLock.forWriting(repo)) {
            assertThat(RepositoryLock.forCleaning(repo, false)).as("a commit is running").isNull();
            try (RepositoryLock second = RepositoryLock.forWriting(repo)) {
                assertThat(second).as("writers share it").isNotNull();
            }
            assertThat(RepositoryLock.forCleaning(repo, false)).as("one writer still runs").isNull();
        }
        try (RepositoryLock cleaning = RepositoryLock.forCleaning(repo, false)) {
            assertThat(cleaning).isNotNull();
        }
    }
}
