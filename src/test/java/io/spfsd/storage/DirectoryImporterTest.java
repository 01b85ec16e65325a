package io.spfsd.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.testing.SpfsdProcess;
import io.spfsd.testing.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryImporterTest {
    @TempDir
    Path tmp;

    /** files small files, "content i", spread over dirs directories d0, d1, ... of root. */
    private static Path writeFiles(Path root, int files, int dirs) throws IOException {
        for (int i = 0; i < files; i++) {
            Path d = Files.createDirectories(root.resolve("d" + i % dirs));
            Files.writeString(d.resolve("f" + i), "content " + i);
        }
        return root;
    }

    /** 20 directories of 240 characters under dir, and a file: made by a shell that cds into each, as Java cannot. */
    private static void addAPathTooLong(Path dir) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "cd \"$1\" && for i in $(seq 1 20); do mkdir \"$2\" && cd \"$2\";"
                + " done && echo hi > file", "bash", dir.toString(), "d".repeat(240)).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    /** rm -rf: Java cannot delete paths longer than the system allows. */
    private static void removeDeep(Path dir) throws Exception {
        new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start().waitFor();
    }

    @Test
    void aTreeAsDeepAsPathsAllowIsImported() throws Exception {
        Path src = tmp.resolve("deep");
        // 2,000 levels of one-character names: a path of 4,000 bytes, and 2,000 nested walks
        Path bottom = Files.createDirectories(src.resolve(String.join("/", java.util.Collections.nCopies(2000, "d"))));
        Files.writeString(bottom.resolve("f"), "hi\n");
        try {
            // As bin/spfsd runs commit (C1 alone, so a cold walk runs in interpreted frames, the
            // largest): in this test's warm JVM, walks that recurse per level fit in the stack.
            Process commit = new ProcessBuilder(SpfsdProcess.mainCommand(List.of("-XX:TieredStopAtLevel=1"),
                    "commit", "--repo", tmp.resolve("repo").toString(), src.toString())).redirectErrorStream(true).start();
            String out = new String(commit.getInputStream().readAllBytes());
            assertThat(commit.waitFor()).as(out).isZero();
            assertThat(out).contains("committed 2001 entries (1 files");
        } finally {
            removeDeep(src);
        }
    }

    @Test
    void aPathLongerThanTheSystemAllowsIsNamedAsSuch() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("deep"));
        try {
            addAPathTooLong(src);
            Repository repo = Repository.open(tmp.resolve("repo"));
            assertThatThrownBy(() -> new DirectoryImporter(repo, new DirectoryImporter.Listener() { })
                    .importDirectory(src))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("bytes long, more than this system allows (4095)")
                    .hasMessageContaining("cannot import " + src);
        } finally {
            removeDeep(src);
        }
    }

    @Test
    void anImportsHeapDoesNotGrowWithItsTree() throws Exception {
        // 30,000 files where the import once held ~0.6 KB a file to its end (18 MB): committed,
        // then committed again from the cache, in a 12 MB heap.
        Path src = writeFiles(tmp.resolve("wide"), 30_000, 300);
        for (String pass : new String[] {"first", "again"}) {
            Process commit = new ProcessBuilder(SpfsdProcess.mainCommand(List.of("-Xmx12m", "-XX:+UseSerialGC"),
                    "commit", "--repo", tmp.resolve("repo").toString(), src.toString())).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("out").toFile()).start();
            boolean ended = commit.waitFor(2, java.util.concurrent.TimeUnit.MINUTES); // a heap too small thrashes for long
            commit.destroyForcibly();
            String out = Files.readString(tmp.resolve("out"));
            assertThat(ended && commit.exitValue() == 0).as(pass + ": " + out).isTrue();
            assertThat(out).as(pass).contains("(30000 files");
        }
    }

    @Test
    void aDirectoryTooLargeForTheHeapEndsInOneLineThatSaysHowToAllowMore() throws Exception {
        // docs/operations.md, "Memory": one directory is sorted and encoded whole, so a large
        // enough one meets the heap's ceiling; commit says so, and how to raise it, in one line.
        // The same heap commits a directory of 1,000 entries.
        String small = commitInASmallHeap(1_000, 0);
        assertThat(small).as(small).contains("(1000 files");
        String wide = commitInASmallHeap(20_000, 1);
        assertThat(wide).matches("spfsd: out of memory \\(this JVM may use \\d+ MiB\\): allow it more with"
                + " JAVA_TOOL_OPTIONS=-Xmx<size>, e\\.g\\. -Xmx4g\n");
    }

    /** spfsd commit of one directory of n empty files, in a 6 MB heap: what it printed; it must end within 2 minutes, with exit. */
    private String commitInASmallHeap(int n, int exit) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("one-directory-" + n));
        for (int i = 0; i < n; i++) {
            Files.createFile(dir.resolve("an-entry-with-a-name-of-some-length-" + i));
        }
        Process commit = new ProcessBuilder(SpfsdProcess.mainCommand(List.of("-Xmx6m", "-XX:+UseSerialGC"),
                "commit", "--repo", tmp.resolve("repo-" + n).toString(), dir.toString())).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("out-" + n).toFile()).start();
        boolean ended = commit.waitFor(2, java.util.concurrent.TimeUnit.MINUTES);
        commit.destroyForcibly();
        String out = Files.readString(tmp.resolve("out-" + n));
        assertThat(ended).as(out).isTrue();
        assertThat(commit.exitValue()).as(out).isEqualTo(exit);
        return out;
    }

    @Test
    void theStreamedManifestIsTheOneItsTreesEncodeTo() throws Exception {
        // Trees go through a spool file into the manifest: its bytes must be exactly what the
        // in-memory encoding gives (same digest), with a directory that appears twice stored once.
        Path src = tmp.resolve("twins");
        new io.spfsd.testing.TreeBuilder(src).file("a/x", "same").file("b/x", "same").file("c/y", "other")
                .file("top", "t");
        Repository repo = Repository.open(tmp.resolve("repo"));
        Digest d = new DirectoryImporter(repo, new DirectoryImporter.Listener() { }).importDirectory(src).manifest();
        Manifest m = repo.readManifest(d);
        assertThat(Digest.of(ObjectCodec.encodeManifest(m))).isEqualTo(d);
        assertThat(m.trees()).as("root, a=b, c").hasSize(3);
    }

    @Test
    void aListenerThatWantsTheTotalEarlyIsToldItOnce() throws Exception {
        Path src = tmp.resolve("counted");
        new io.spfsd.testing.TreeBuilder(src).file("a/x", "12345").file("b/c/y", "123").file("z", "1");
        Files.createSymbolicLink(src.resolve("link"), Path.of("z"));
        java.util.List<long[]> totals = new java.util.concurrent.CopyOnWriteArrayList<>();
        new DirectoryImporter(Repository.open(tmp.resolve("repo")), new DirectoryImporter.Listener() {
            @Override
            public boolean wantsTotalEarly() {
                return true;
            }

            @Override
            public void total(long files, long bytes) {
                totals.add(new long[] {files, bytes});
            }
        }).importDirectory(src);
        assertThat(totals).hasSize(1);
        assertThat(totals.getFirst()).containsExactly(3, 9);
    }

    @Test
    void aFailedImportLeavesNoTemporaryFile() throws Exception {
        // Files old enough to be remembered (their records wait in a temporary file until the
        // import saves them), and a path too long to import: the import fails, and tmp/ holds
        // none of its files (the trees' spool, the manifest's, the cache's records).
        Path src = Files.createDirectories(tmp.resolve("failing"));
        for (int i = 0; i < 50; i++) {
            Files.writeString(src.resolve("old" + i), "old " + i);
        }
        Thread.sleep(SourceCache.STABLE_MARGIN_NANOS / 1_000_000 + 100);
        try {
            addAPathTooLong(src);
            Repository repo = Repository.open(tmp.resolve("repo"));
            assertThatThrownBy(() -> new DirectoryImporter(repo, new DirectoryImporter.Listener() { })
                    .importDirectory(src)).hasMessageContaining("more than this system allows");
            try (var left = Files.walk(tmp.resolve("repo/tmp"))) {
                assertThat(left.filter(Files::isRegularFile)).isEmpty();
            }
        } finally {
            removeDeep(src);
        }
    }

    @Test
    void aFileThatCannotBeStoredFailsTheImportWithItsReason() throws Exception {
        // The store fails on a payload worker, after its directory's task has returned: the
        // failure must still end the import (it once could have left it waiting forever).
        Path src = writeFiles(tmp.resolve("src"), 300, 30);
        Repository repo = Repository.open(tmp.resolve("repo"));
        Files.delete(tmp.resolve("repo/payloads"));
        Files.writeString(tmp.resolve("repo/payloads"), "not a directory");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> new DirectoryImporter(repo, new DirectoryImporter.Listener() { })
                        .importDirectory(src)).isInstanceOf(IOException.class).hasMessageContaining("payloads"));
    }

    /** A 1 MB tmpfs mounted at dir (tests run as root), unmounted when closed. */
    private record SmallTmpfs(Path dir) implements AutoCloseable {
        static SmallTmpfs at(Path dir) throws Exception {
            Files.createDirectories(dir);
            assertThat(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir.toString())
                    .inheritIO().start().waitFor()).as("mounting a small tmpfs (tests run as root)").isZero();
            return new SmallTmpfs(dir);
        }

        @Override
        public void close() throws IOException {
            try {
                new ProcessBuilder("umount", "-l", dir.toString()).inheritIO().start().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aFileWhoseStoringFailsBeforeItsDirectoryIsWalkedFailsTheImportLikeAnyOther() throws Exception {
        // A payload worker may fail a file (here: no space) before the walk of its directory has
        // counted what it waits for; that directory once became a tree anyway and the import
        // ended in an IllegalStateException. It happened in about one of 60 imports here.
        try (SmallTmpfs full = SmallTmpfs.at(tmp.resolve("full"))) {
            Path src = Files.createDirectories(tmp.resolve("src"));
            Files.write(src.resolve("big"), new byte[2 << 20]);
            for (int round = 0; round < 300; round++) {
                Repository repo = Repository.open(full.dir().resolve("repo"));
                assertThatThrownBy(() -> new DirectoryImporter(repo, new DirectoryImporter.Listener() { })
                        .importDirectory(src)).as("import %d", round).isInstanceOf(IOException.class)
                        .hasMessageContaining("no space left on device");
                try (var all = Files.walk(full.dir().resolve("repo"))) {
                    all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void aFullRepositoryFailsTheImportNamingTheFileThatDidNotFit() throws Exception {
        try (SmallTmpfs full = SmallTmpfs.at(tmp.resolve("full"))) {
            Path src = Files.createDirectories(tmp.resolve("src"));
            byte[] big = new byte[3 << 20];
            new java.util.Random(3).nextBytes(big);
            Files.write(src.resolve("big"), big);
            Repository repo = Repository.open(full.dir().resolve("repo"));
            assertThatThrownBy(() -> new DirectoryImporter(repo, new DirectoryImporter.Listener() { })
                    .importDirectory(src)).isInstanceOf(IOException.class)
                    .hasMessage("cannot store " + src.resolve("big") + ": no space left on device");
            try (var left = Files.walk(full.dir().resolve("repo/tmp"))) {
                assertThat(left.filter(Files::isRegularFile)).isEmpty();
            }
        }
    }

    @Test
    void thousandsOfFilesStoredInParallelIntoAFreshRepositoryAllArrive() throws Exception {
        // Workers create the 1,024 shard directories as they go: two wanting the same one at once
        // must both find it there (this failed once with "no such file" on a rename).
        Path src = writeFiles(tmp.resolve("many"), 4000, 40);
        Repository repo = Repository.open(tmp.resolve("repo"));
        DirectoryImporter.Result r = new DirectoryImporter(repo, new DirectoryImporter.Listener() {
        }).importDirectory(src);
        assertThat(r.files()).isEqualTo(4000);
        Manifest m = repo.readManifest(r.manifest());
        m.walk((path, e) -> {
            if (e.kind() == EntryKind.FILE) {
                assertThat(repo.payloadPath(e.digest())).exists();
            }
        });
    }

    @Test
    void importKeepsKindsModesSizesAndTargets() throws Exception {
        TreeBuilder t = new TreeBuilder(tmp.resolve("src"))
                .file("bin/tool", "#!/bin/sh\necho hi\n", "rwxr-xr-x")
                .file("etc/conf", "a=1\n", "rw-r-----")
                .file("etc/dup", "a=1\n")
                .dir("empty")
                .symlink("bin/alias", "tool")
                .symlink("dangling", "/nowhere/at/all");
        Files.setAttribute(t.root().resolve("bin/tool"), "unix:mode", 0104755);
        Repository repo = Repository.open(tmp.resolve("repo"));

        DirectoryImporter.Result r = new DirectoryImporter(repo, new DirectoryImporter.Listener() {
        }).importDirectory(t.root());

        assertThat(r.files()).isEqualTo(3);
        Manifest m = repo.readManifest(r.manifest());
        assertThat(describe(m)).isEqualTo(describeOnDisk(t.root()));
        assertThat(m.root().find("bin")).isNotNull();
        Entry tool = m.tree(m.root().find("bin")).find("tool");
        assertThat(tool.permissions()).isEqualTo(04755);
        try (Stream<Path> s = Files.walk(repo.root().resolve("payloads"))) {
            assertThat(s.filter(Files::isRegularFile).count()).as("etc/conf and etc/dup share one payload").isEqualTo(2);
        }
    }

    @Test
    void skipsFifosWithAWarningAndFailsOnAMissingDirectory() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("f"), "x");
        Process p = new ProcessBuilder("mkfifo", src.resolve("pipe").toString()).start();
        assertThat(p.waitFor()).isZero();
        List<String> skipped = new ArrayList<>();
        Repository repo = Repository.open(tmp.resolve("repo"));
        DirectoryImporter importer = new DirectoryImporter(repo, new DirectoryImporter.Listener() {
            @Override
            public void skipped(Path path, String why) {
                skipped.add(path.getFileName().toString());
            }
        });
        Manifest m = repo.readManifest(importer.importDirectory(src).manifest());
        assertThat(skipped).containsExactly("pipe");
        assertThat(m.root().entries()).extracting(Entry::name).containsExactly("f");
        assertThatThrownBy(() -> importer.importDirectory(tmp.resolve("missing"))).isInstanceOf(IOException.class);
    }

    /** path -> "kind mode size [target]" for every entry of a manifest. */
    static Map<String, String> describe(Manifest m) {
        Map<String, String> out = new TreeMap<>();
        m.walk((p, e) -> out.put(p, e.kind() + " " + Integer.toOctalString(e.mode()) + " "
                + (e.isDirectory() ? 0 : e.size()) + (e.linkTarget() != null ? " " + e.linkTarget() : "")));
        return out;
    }

    /** The same description, read from the filesystem with lstat. */
    static Map<String, String> describeOnDisk(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.skip(1).toList()) {
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                EntryKind kind = switch (mode & Entry.S_IFMT) {
                    case Entry.S_IFDIR -> EntryKind.DIRECTORY;
                    case Entry.S_IFLNK -> EntryKind.SYMLINK;
                    default -> EntryKind.FILE;
                };
                int stored = kind == EntryKind.SYMLINK ? Entry.S_IFLNK | 0777 : mode;
                long size = kind == EntryKind.DIRECTORY ? 0 : (Long) a.get("size");
                String target = kind == EntryKind.SYMLINK ? " " + Files.readSymbolicLink(p) : "";
                out.put(root.relativize(p).toString(), kind + " " + Integer.toOctalString(stored) + " " + size + target);
            }
        }
        return out;
    }
}
