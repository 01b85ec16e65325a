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
    void manyIdentitiesThatDifferInOneFieldEachComeBackWithTheirOwnDigest() {
        Path file = tmp.resolve("import-cache");
        SourceCache first = new SourceCache(file, NOW);
        java.util.Map<FileIdentity, Digest> learned = new java.util.HashMap<>();
        for (int i = 0; i < 5000; i++) { // ino, dev, size and ctime each alone tell files apart
            FileIdentity[] ids = {new FileIdentity(1, i, 7, 5), new FileIdentity(2 + i, 0, 7, 5),
                new FileIdentity(1, 0, 100 + i, 5), new FileIdentity(1, 0, 7, 100 + i)};
            for (FileIdentity id : ids) {
                Digest d = Digest.of((id + "").getBytes());
                first.learn(id, d);
                learned.put(id, d);
            }
        }
        first.save();
        SourceCache again = new SourceCache(file, NOW);
        learned.forEach((id, d) -> assertThat(again.lookup(id)).as(id.toString()).isEqualTo(d));
        assertThat(again.lookup(new FileIdentity(1, 0, 7, 99))).isNull();
    }

    @Test
    void aLaterRecordOfTheSameIdentityWins() {
        Path file = tmp.resolve("import-cache");
        FileIdentity id = new FileIdentity(1, 2, 7, 5);
        SourceCache first = new SourceCache(file, NOW);
        first.learn(id, D);
        first.save();
        Digest other = Digest.of("other".getBytes());
        SourceCache second = new SourceCache(file, NOW);
        second.learn(id, other);
        second.save();
        assertThat(new SourceCache(file, NOW).lookup(id)).isEqualTo(other);
    }

    @Test
    void pastItsLimitTheFileKeepsOnlyWhatTheLastImportSawAndLearned() throws Exception {
        Path file = tmp.resolve("import-cache");
        SourceCache first = new SourceCache(file, NOW, 10);
        for (int i = 0; i < 8; i++) {
            first.learn(new FileIdentity(1, i, 7, 5), Digest.of(("f" + i).getBytes()));
        }
        first.save();
        assertThat(Files.size(file)).isEqualTo(8 * 64);
        SourceCache second = new SourceCache(file, NOW, 10);
        for (int i = 0; i < 3; i++) {
            assertThat(second.lookup(new FileIdentity(1, i, 7, 5))).isEqualTo(Digest.of(("f" + i).getBytes()));
        }
        for (int i = 100; i < 105; i++) {
            second.learn(new FileIdentity(1, i, 7, 5), Digest.of(("f" + i).getBytes()));
        }
        second.save(); // 8 + 5 > 10: rewritten with the 3 seen and the 5 learned
        assertThat(Files.size(file)).isEqualTo(8 * 64);
        SourceCache third = new SourceCache(file, NOW, 10);
        assertThat(third.lookup(new FileIdentity(1, 2, 7, 5))).isEqualTo(Digest.of("f2".getBytes()));
        assertThat(third.lookup(new FileIdentity(1, 3, 7, 5))).as("not seen by the last import").isNull();
        assertThat(third.lookup(new FileIdentity(1, 104, 7, 5))).isEqualTo(Digest.of("f104".getBytes()));
        try (var left = Files.list(tmp.resolve("tmp"))) {
            assertThat(left).as("no temporary file left").isEmpty();
        }
    }

    @Test
    void aCompactionKeepsNoMoreThanTheLimit() throws Exception {
        Path file = tmp.resolve("import-cache");
        SourceCache c = new SourceCache(file, NOW, 10);
        for (int i = 0; i < 25; i++) { // one import of more files than the limit
            c.learn(new FileIdentity(1, i, 7, 5), Digest.of(("f" + i).getBytes()));
        }
        c.save();
        assertThat(Files.size(file)).isEqualTo(10 * 64);
        assertThat(new SourceCache(file, NOW, 10).lookup(new FileIdentity(1, 9, 7, 5)))
                .isEqualTo(Digest.of("f9".getBytes()));
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
