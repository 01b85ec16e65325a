package io.spfsd.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.os.FileIdentity;
import io.spfsd.testing.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceCacheTest {
    private static final long NOW = 1_800_000_000_000_000_000L;
    private static final Digest D = Digest.of("payload".getBytes());

    @TempDir
    Path tmp;

    @Test
    void rememberedIdentitiesComeBackInTheNextImport() {
        Path file = tmp.resolve("import-cache");
        SourceCache first = new SourceCache(file, NOW);
        FileIdentity old = new FileIdentity(1, 2, 7, NOW - 60_000_000_000L);
        first.learn(old, D);
        first.save();
        assertThat(new SourceCache(file, NOW).lookup(old)).isEqualTo(D);
        assertThat(new SourceCache(file, NOW).lookup(new FileIdentity(1, 2, 7, old.ctimeNanos() + 1)))
                .as("another ctime is another file").isNull();
    }

    @Test
    void aFileChangedJustBeforeTheImportIsNotTrusted() {
        Path file = tmp.resolve("import-cache");
        SourceCache c = new SourceCache(file, NOW);
        FileIdentity recent = new FileIdentity(1, 2, 7, NOW - SourceCache.STABLE_MARGIN_NANOS / 2);
        c.learn(recent, D);
        c.save();
        assertThat(new SourceCache(file, NOW).lookup(recent)).isNull();
    }

    @Test
    void aTornLastRecordIsIgnored() throws Exception {
        Path file = tmp.resolve("import-cache");
        SourceCache c = new SourceCache(file, NOW);
        FileIdentity old = new FileIdentity(1, 2, 7, 5);
        c.learn(old, D);
        c.save();
        Files.write(file, new byte[]{1, 2, 3}, StandardOpenOption.APPEND);
        assertThat(new SourceCache(file, NOW).lookup(old)).isEqualTo(D);
    }

    @Test
    void aPayloadTheCacheNamesIsStoredAgainWhenItWasRemoved() throws Exception {
        Repository repo = Repository.open(tmp.resolve("repo"));
        Path src = tmp.resolve("src");
        new TreeBuilder(src).file("a", "one").file("d/b", "two");
        Thread.sleep(SourceCache.STABLE_MARGIN_NANOS / 1_000_000 + 100); // old enough to be remembered
        Digest first = new DirectoryImporter(repo, new DirectoryImporter.Listener() { }).importDirectory(src).manifest();
        assertThat(Files.size(tmp.resolve("repo/import-cache"))).as("both files remembered").isEqualTo(2 * 64);
        Path payload = repo.payloadPath(Digest.of("one".getBytes()));
        Files.delete(payload); // as a clean, or a hand, might
        Digest second = new DirectoryImporter(repo, new DirectoryImporter.Listener() { }).importDirectory(src).manifest();
        assertThat(second).isEqualTo(first);
        assertThat(payload).hasContent("one");
    }

    @Test
    void reCommittingSeesEveryChangedFile() throws Exception {
        Repository repo = Repository.open(tmp.resolve("repo"));
        Path src = tmp.resolve("src");
        new TreeBuilder(src).file("a", "one").file("b", "two");
        Files.setLastModifiedTime(src.resolve("a"), java.nio.file.attribute.FileTime.fromMillis(0));
        Digest first = new DirectoryImporter(repo, new DirectoryImporter.Listener() { }).importDirectory(src).manifest();
        Files.writeString(src.resolve("a"), "ONE"); // same size, new content: ctime moves
        Digest second = new DirectoryImporter(repo, new DirectoryImporter.Listener() { }).importDirectory(src).manifest();
        assertThat(second).isNotEqualTo(first);
        Manifest m = repo.readManifest(second);
        assertThat(m.root().find("a").digest()).isEqualTo(Digest.of("ONE".getBytes()));
    }
}
