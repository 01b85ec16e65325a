package io.spfsd.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.testing.TreeBuilder;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A re-commit takes its manifest from the memo only when the memo is right. */
class ManifestMemoTest {
    @TempDir
    Path tmp;

    private DirectoryImporter.Result importOf(Repository repo, Path src) throws Exception {
        return new DirectoryImporter(repo, new DirectoryImporter.Listener() { }).importDirectory(src);
    }

    @Test
    void anUnchangedTreeGetsTheSameManifestAndAWrongOrTornRecordIsIgnored() throws Exception {
        Repository repo = Repository.open(tmp.resolve("repo"));
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        new TreeBuilder(a).file("x", "one").file("d/y", "two");
        new TreeBuilder(b).file("z", "three");
        DirectoryImporter.Result first = importOf(repo, a);
        DirectoryImporter.Result other = importOf(repo, b);
        Path memo = tmp.resolve("repo/import-manifests");
        assertThat(Files.size(memo)).isEqualTo(2 * 64);

        DirectoryImporter.Result again = importOf(repo, a);
        assertThat(again.manifest()).isEqualTo(first.manifest());
        assertThat(again.entries()).isEqualTo(first.entries()).isEqualTo(3);
        assertThat(Files.size(memo)).as("nothing new to remember").isEqualTo(2 * 64);

        // a's root tree now said to give b's manifest, then a torn record: both ignored
        Digest aRoot = repo.readManifest(first.manifest()).rootDigest();
        Files.write(memo, ByteBuffer.allocate(64 + 10).put(aRoot.toBytes()).put(other.manifest().toBytes()).array(),
                StandardOpenOption.APPEND);
        assertThat(importOf(repo, a).manifest()).isEqualTo(first.manifest());
    }
}
