package io.spfsd.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills `spfsd commit` with SIGKILL part-way through and checks the repository is still
 * readable: every object verifies, every payload matches its digest, tags are intact.
 */
class CrashDuringCommitTest {
    @TempDir
    Path tmp;

    @Test
    void killedCommitLeavesNoPartialObjectOrPayload() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Random rnd = new Random(42);
        for (int i = 0; i < 400; i++) {
            byte[] data = new byte[64 * 1024 + rnd.nextInt(64 * 1024)];
            rnd.nextBytes(data);
            Files.write(Files.createDirectories(src.resolve("d" + (i % 20))).resolve("f" + i), data);
        }
        Path repoDir = tmp.resolve("repo");
        Repository repo = Repository.open(repoDir);
        Digest before = repo.putLayer(repo.putManifest(ObjectCodecTest.sample()));
        repo.tags().push("stable", before);

        Process p = new ProcessBuilder(io.spfsd.testing.SpfsdProcess.mainCommand(List.of(),
                "commit", "--repo", repoDir.toString(), "-t", "stable", src.toString()))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile()).start();
        waitForPayloads(repoDir, 20);
        assertThat(p.isAlive()).as("the commit must still be running when it is killed").isTrue();
        p.destroyForcibly().waitFor();

        Repository after = Repository.open(repoDir);
        try (Stream<Path> objects = Files.walk(repoDir.resolve("objects"))) {
            for (Path f : objects.filter(Files::isRegularFile).toList()) {
                Digest d = Digest.parse(f.getParent().getFileName().toString() + f.getFileName());
                after.readObject(d); // throws if partial or corrupt
            }
        }
        try (Stream<Path> payloads = Files.walk(repoDir.resolve("payloads"))) {
            List<Path> files = payloads.filter(Files::isRegularFile).toList();
            assertThat(files).isNotEmpty();
            for (Path f : files) {
                after.verifyPayload(Digest.parse(f.getParent().getFileName().toString() + f.getFileName()));
            }
        }
        if (io.spfsd.os.Platform.current().isLinux()) {
            // Payloads in the making are anonymous files there (O_TMPFILE): the kill took them
            // with it (docs/repository-format.md). The trees' spool and the cache's records stay.
            try (Stream<Path> left = Files.walk(repoDir.resolve("tmp"))) {
                assertThat(left.filter(Files::isRegularFile).map(f -> f.getFileName().toString()))
                        .noneMatch(name -> name.startsWith("p-") || name.startsWith("c-"));
            }
        }
        Digest stable = new Refs(after).resolve("stable");
        after.readObject(stable);
        assertThat(after.tags().history("stable").getLast().target()).isEqualTo(before);
    }

    private static void waitForPayloads(Path repo, int count) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Stream<Path> s = Files.walk(repo.resolve("payloads"))) {
                if (s.filter(Files::isRegularFile).count() >= count) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the commit wrote no payloads within 30 s");
    }
}
