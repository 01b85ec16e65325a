package io.spfsd.daemon;

import static io.spfsd.storage.spfs.SpfsFixture.dir;
import static io.spfsd.storage.spfs.SpfsFixture.file;
import static io.spfsd.storage.spfs.SpfsFixture.mask;
import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.config.Locations;
import io.spfsd.storage.Digest;
import io.spfsd.storage.spfs.SpfsEntry;
import io.spfsd.storage.spfs.SpfsFixture;
import io.spfsd.storage.spfs.SpfsRepository;
import io.spfsd.storage.spfs.SpfsTree;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An spfs repository as spfs writes it (a platform of two layers: files, an executable, a
 * symlink, nested directories, a path the upper layer masks; a tag of two versions) pulled,
 * run, and pushed back into a fresh spfs layout with the same digests.
 */
class SpfsExchangeTest {
    @TempDir
    static Path tmp;
    static DaemonHarness h;
    static SpfsFixture spfs;
    static Digest layer1;
    static Digest platform;

    @BeforeAll
    static void start() throws Exception {
        h = new DaemonHarness(tmp);
        spfs = new SpfsFixture(tmp.resolve("spfs"));
        Digest hello = spfs.payload(bytes("hello\n"));
        Digest tool = spfs.payload(bytes("#!/bin/sh\necho tool ran\n"));
        Digest link = spfs.payload(bytes("hello.txt"));
        Digest old = spfs.payload(bytes("old\n"));
        Digest top = spfs.payload(bytes("top\n"));
        SpfsTree deep = new SpfsTree(List.of(file("x.txt", 0100644, hello, 6)));
        SpfsTree lib = new SpfsTree(List.of(file("old.txt", 0100644, old, 4), dir("deep", deep)));
        SpfsTree bin = new SpfsTree(List.of(file("tool", 0100755, tool, 24)));
        SpfsTree root1 = new SpfsTree(List.of(file("hello.txt", 0100644, hello, 6),
                new SpfsEntry("link", SpfsEntry.Kind.BLOB, 0120777, 9, link), dir("bin", bin), dir("lib", lib)));
        Digest manifest1 = spfs.object(SpfsFixture.flatManifest(root1, bin, lib, deep)); // spfs's order: depth first by name
        SpfsTree lib2 = new SpfsTree(List.of(mask("old.txt")));
        SpfsTree root2 = new SpfsTree(List.of(file("top.txt", 0100644, top, 4), dir("lib", lib2)));
        Digest manifest2 = spfs.object(SpfsFixture.flatManifest(root2, lib2));
        layer1 = spfs.object(SpfsFixture.flatLayer(manifest1));
        Digest layer2 = spfs.object(SpfsFixture.flatLayer(manifest2));
        platform = spfs.object(SpfsFixture.flatPlatform(layer1, layer2));
        spfs.tag("org/plat", layer1, "2026-12-01T10:00:00+00:00");
        spfs.tag("org/plat", platform, "2026-12-02T10:00:00.5+00:00");
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String cli(String... args) {
        return cliIn(h.repo.root(), args);
    }

    private static String cliIn(Path repo, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = io.spfsd.cli.Main.run(args, new PrintWriter(out), new PrintWriter(err), new Locations(
                Map.of("SPFSD_REPO", repo.toString(), "SPFSD_SOCKET", tmp.resolve("run/none.sock").toString()),
                tmp.toString(), "Linux"));
        return code + " " + out + err;
    }

    @Test
    void aPulledPlatformRunsWithEveryByteAndModeAndPushesBackWithTheSameDigests() throws Exception {
        String pulled = cli("pull", "--remote", "spfs:" + spfs.root, "org/plat");
        assertThat(pulled).startsWith("0 pulled ").contains("4 payloads") // the symlink's is its target
                .endsWith("from spfs:" + spfs.root + "; tags: org/plat\n");
        assertThat(h.repo.tags().history("org/plat")).as("with its history").hasSize(2);
        String shown = h.runIn("org/plat", "cd $MNT && find . | sort && stat -c '%n %a %F' hello.txt bin/tool link lib"
                + " && cat hello.txt lib/deep/x.txt top.txt && readlink link && cat link && bin/tool && ls lib");
        assertThat(shown).isEqualTo(String.join("\n", ".", "./bin", "./bin/tool", "./hello.txt", "./lib", "./lib/deep",
                "./lib/deep/x.txt", "./link", "./top.txt",
                "hello.txt 644 regular file", "bin/tool 755 regular file", "link 777 symbolic link", "lib 755 directory",
                "hello", "hello", "top", "hello.txt", "hello", "tool ran", "deep", ""));
        assertThat(cli("pull", "--remote", "spfs:" + spfs.root, "org/plat")).as("nothing copied twice")
                .contains("0 objects, 0 payloads");
        assertThat(h.repo.tags().history("org/plat")).as("no version twice").hasSize(2);

        Path back = tmp.resolve("spfs-back");
        assertThat(cli("push", "--remote", "spfs:" + back, "org/plat")).startsWith("0 pushed org/plat as spfs "
                + platform.spfsText());
        SpfsRepository fresh = SpfsRepository.open(back);
        assertThat(fresh.tagVersions("org/plat")).as("the history, once").hasSize(2);
        assertThat(fresh.resolve("org/plat")).isEqualTo(platform);
        assertThat(fresh.resolve("org/plat~1")).isEqualTo(layer1);
        assertThat(fresh.readObject(platform).digest()).isEqualTo(platform);
        try (var objects = Files.walk(back.resolve("objects"))) {
            List<Path> files = objects.filter(Files::isRegularFile).toList();
            assertThat(files).isNotEmpty();
            for (Path f : files) {
                byte[] b = Files.readAllBytes(f);
                assertThat(b[10]).as("encoding byte of %s's header: flatbuffers, spfs's default", f).isEqualTo((byte) 1);
            }
        }
    }

    @Test
    void aRuntimeOfAnSpfsTagRunsLazilyAndItsListingIsReadWithoutPulling() throws Exception {
        assertThat(cli("ls", "-r", "spfs:" + spfs.root, "org/plat", "bin")).contains("tool");
        try (DaemonHarness lazy = new DaemonHarness(tmp.resolve("lazy"), io.spfsd.os.Os.current().processes(),
                "spfs:" + spfs.root)) {
            assertThat(lazy.runIn("org/plat", "cat $MNT/hello.txt $MNT/top.txt; readlink $MNT/link; $MNT/bin/tool;"
                    + " ls $MNT/lib")).isEqualTo("hello\ntop\nhello.txt\ntool ran\ndeep\n");
            assertThat(lazy.repo.hasPayload(Digest.of(bytes("top\n")))).as("fetched on its first open").isTrue();
            assertThat(lazy.repo.hasPayload(Digest.of(bytes("old\n")))).as("masked: never opened").isFalse();
            String push = cliIn(lazy.repo.root(), "push", "--remote", "spfs:" + tmp.resolve("spfs-from-lazy"),
                    new io.spfsd.storage.ConversionMemo(lazy.repo).known(platform).toString());
            assertThat(push).as("the lower layer's old.txt was never fetched").startsWith("1 spfsd: cannot push: the payload ")
                    .contains("of the file old.txt is not in ").endsWith("pull the ref from its remote first\n");
            String toFiles = cliIn(lazy.repo.root(), "push", "--remote", "file://" + tmp.resolve("far-from-lazy"),
                    new io.spfsd.storage.ConversionMemo(lazy.repo).known(platform).toString());
            assertThat(toFiles).as("the same to an spfsd remote").startsWith("1 spfsd: the payload ")
                    .endsWith("pull the ref from its remote first\n");
            assertThat(toFiles.lines().count()).isEqualTo(1);
        }
    }

    @Test
    void anSpfsRepositoryGivenAsTheRepositoryIsReadInPlaceOrSaysHowToUseIt() {
        String repo = spfs.root.toString();
        assertThat(cli("ls", "--repo", repo, "org/plat")).startsWith("0 ").contains("hello.txt").contains("top.txt");
        assertThat(cli("log", "--repo", repo, "org/plat")).startsWith("0 ").contains("org/plat~1");
        assertThat(cli("tags", "--repo", repo)).contains("org/plat").contains("(2 versions)");
        assertThat(cli("tag", "--repo", repo, "org/plat", "x")).isEqualTo("1 spfsd: " + repo
                + " is an spfs repository: ls, cat, info, log and tags read it; copy from it with spfsd pull --remote spfs:"
                + repo + " REF\n");
    }

    @Test
    void spfsDigestsAreTakenWholePaddedOrShortAndAnAmbiguousStartSaysSo() throws Exception {
        String remote = "spfs:" + spfs.root;
        String whole = layer1.spfsText();
        assertThat(whole).hasSize(56).endsWith("====");
        for (String ref : List.of(whole, whole.replace("=", ""), whole.substring(0, 8), whole.substring(0, 8).toLowerCase())) {
            assertThat(cli("ls", "-r", remote, ref)).as(ref).startsWith("0 ").contains("hello.txt");
        }
        assertThat(cli("cat", "-r", remote, whole.substring(0, 8), "hello.txt")).as("its bytes go to fd 1 itself")
                .isEqualTo("0 ");
        assertThat(cli("info", "-r", remote, whole)).startsWith("0 layer ").contains("entries:");
        Path shard = spfs.root.resolve("objects").resolve(whole.substring(0, 2));
        String twin = whole.substring(2, 8) + "A".repeat(44) + "===="; // another object of the same start
        Files.write(shard.resolve(twin.equals(whole.substring(2)) ? whole.substring(2, 8) + "B".repeat(44) + "====" : twin),
                new byte[] {0});
        try {
            String out = cli("ls", "-r", remote, whole.substring(0, 8));
            assertThat(out).startsWith("1 spfsd: ").contains("is the start of 2 digests; give more of it");
            assertThat(out.lines().count()).isEqualTo(1);
        } finally {
            try (var s = Files.list(shard)) {
                for (Path p : s.filter(p -> p.getFileName().toString().matches(".*(AAAAAAAAAA|BBBBBBBBBB).*")).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void tagsInANamespaceAreReadOnlyInThatNamespace() throws Exception {
        spfs.tag("team/a", "teamtag", layer1, "2026-12-04T10:00:00+00:00");
        assertThat(Files.isRegularFile(spfs.root.resolve("tags/team#ns/a#ns/teamtag.tag"))).as("spfs's layout").isTrue();
        String ns = "spfs:" + spfs.root + "?namespace=team/a";
        assertThat(cli("ls", "-r", ns, "teamtag")).startsWith("0 ").contains("hello.txt");
        assertThat(cli("tags", "-r", ns)).startsWith("0 teamtag ");
        assertThat(cli("ls", "-r", "spfs:" + spfs.root, "teamtag")).as("not outside its namespace").startsWith("1 ");
        assertThat(cli("tags", "-r", "spfs:" + spfs.root)).doesNotContain("teamtag").doesNotContain("#ns");
    }

    @Test
    void annotationsComeWithAPullAndGoBackWithAPushUnderTheSameDigests() throws Exception {
        byte[] big = "v".repeat(20_000).getBytes(StandardCharsets.UTF_8); // over spfs's 16 KiB for a text value
        Digest note = spfs.payload(bytes("annotated\n")); // its own payloads: another test counts what it pulls
        Digest files = spfs.object(SpfsFixture.flatManifest(new SpfsTree(List.of(file("note.txt", 0100644, note, 10)))));
        Digest annotated = spfs.object(SpfsFixture.flatLayer(files, List.of(
                SpfsFixture.text("spk/build", "pkg/1.0.0/3I42H3S6"), spfs.blob("spk/big", big))));
        Digest alone = spfs.object(SpfsFixture.flatLayer(null, List.of(SpfsFixture.text("runtime/env", "x=1\ny=2"))));
        Digest stack = spfs.object(SpfsFixture.flatPlatform(annotated, alone));
        spfs.tag("annotated", stack, "2026-12-05T10:00:00+00:00");

        assertThat(cli("pull", "--remote", "spfs:" + spfs.root, "annotated")).startsWith("0 pulled ");
        assertThat(h.repo.hasPayload(Digest.of(big))).as("the blob's payload is copied").isTrue();
        String layer = h.repo.readObject(new io.spfsd.storage.Refs(h.repo).resolve("annotated")) instanceof io.spfsd.storage.StoredObject.Platform p
                ? p.stack().getFirst().toString() : "";
        assertThat(cli("info", layer)).contains("  annotations:\n    spk/build: pkg/1.0.0/3I42H3S6\n    spk/big: blob "
                + Digest.of(big) + " (20000 bytes)\n");
        assertThat(h.runIn("annotated", "ls $MNT; cat $MNT/note.txt")).as("a layer of annotations alone adds no files")
                .isEqualTo("note.txt\nannotated\n");

        Path back = tmp.resolve("spfs-annotated");
        assertThat(cli("push", "--remote", "spfs:" + back, "annotated")).startsWith("0 pushed annotated as spfs "
                + stack.spfsText());
        SpfsRepository fresh = SpfsRepository.open(back);
        assertThat(fresh.readObject(annotated).digest()).isEqualTo(annotated);
        assertThat(fresh.readObject(alone).digest()).isEqualTo(alone);
        assertThat(fresh.readObject(Digest.of(big)).object()).as("the blob object spfs writes beside the payload")
                .isEqualTo(new io.spfsd.storage.spfs.SpfsObject.Blob(Digest.of(big), big.length));
        assertThat(Files.readAllBytes(fresh.payloadPath(Digest.of(big)))).isEqualTo(big);
    }

    @Test
    void aManifestNamingDotDotIsRefusedInOneLineAndNothingIsTagged() throws Exception {
        Digest p = spfs.payload(bytes("evil\n"));
        SpfsTree root = new SpfsTree(List.of(file("..", 0100644, p, 5)));
        Digest layer = spfs.object(SpfsFixture.flatLayer(spfs.object(SpfsFixture.flatManifest(root))));
        spfs.tag("evil", layer, "2026-12-03T10:00:00+00:00");
        String out = cli("pull", "--remote", "spfs:" + spfs.root, "evil");
        assertThat(out).startsWith("1 spfsd: manifest ").contains("refused the entry name '..'");
        assertThat(out.lines().count()).isEqualTo(1);
        assertThat(cli("ls", "evil")).startsWith("1 ");
    }
}
