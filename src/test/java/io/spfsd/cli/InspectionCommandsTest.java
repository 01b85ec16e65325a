package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spfsd.config.Locations;
import io.spfsd.testing.TreeBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** log, untag, cat/read, ls with mount point paths, and how usage errors and --json errors look. */
class InspectionCommandsTest {
    @TempDir
    Path tmp;
    Locations locations;

    record Result(int code, byte[] bytes, String err) {
        String out() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(bytes);
        }
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code = Main.run(args, out, new PrintWriter(err, true), locations);
        return new Result(code, out.toByteArray(), err.toString());
    }

    @BeforeEach
    void setUp() throws Exception {
        locations = new Locations(Map.of("SPFSD_REPO", tmp.resolve("repo").toString(),
                "SPFSD_MOUNTPOINT", "/tmp/some/mnt"), tmp.toString(), "Linux");
        new TreeBuilder(tmp.resolve("a")).file("etc/tool.conf", "one\n").file("bin/x", "x");
        new TreeBuilder(tmp.resolve("b")).file("etc/tool.conf", "two\n");
        assertThat(run("commit", "-q", tmp.resolve("a").toString(), "-t", "tool").code()).isZero();
        assertThat(run("commit", "-q", tmp.resolve("b").toString(), "-t", "tool").code()).isZero();
    }

    @Test
    void logShowsEveryVersionNewestFirstWithWholeSecondTimes() throws Exception {
        JsonNode log = run("log", "tool", "--json").json();
        assertThat(log).hasSize(2);
        assertThat(log.get(0).get("ref").asText()).isEqualTo("tool~0");
        assertThat(log.get(1).get("ref").asText()).isEqualTo("tool~1");
        assertThat(log.get(0).get("target").asText()).hasSize(52);
        assertThat(log.get(0).get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(log.get(0).fieldNames()).toIterable().containsExactly("ref", "target", "time", "user");
        assertThat(run("log", "tool").out().lines()).hasSize(2);
        Result unknown = run("log", "nothing");
        assertThat(unknown.code()).isEqualTo(Main.EXIT_ERROR);
        assertThat(unknown.err().strip()).isEqualTo("spfsd: unknown tag 'nothing'");
    }

    @Test
    void untagRemovesTheNewestOrOneVersionOrAll() throws Exception {
        String older = run("log", "tool", "--json").json().get(1).get("target").asText();
        assertThat(run("untag", "tool").code()).isZero();
        assertThat(run("log", "tool", "--json").json()).hasSize(1);
        assertThat(run("info", "tool", "--json").json().get("digest").asText()).isEqualTo(older);

        Result none = run("untag", "tool~3");
        assertThat(none.code()).isEqualTo(Main.EXIT_ERROR);
        assertThat(none.err().strip()).isEqualTo("spfsd: tag tool has 1 version: there is no tool~3");
        assertThat(run("untag", "tool~0", "--all").code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("untag", "tool", "--all").code()).isZero();
        assertThat(run("tags", "--json").json()).isEmpty();
        assertThat(run("untag", "tool").code()).isEqualTo(Main.EXIT_ERROR);
    }

    @Test
    void catWritesTheFileAsTheStackServesIt() throws Exception {
        assertThat(run("cat", "tool", "etc/tool.conf").out()).isEqualTo("two\n");
        assertThat(run("cat", "tool~1", "/spfs/etc/tool.conf").out()).isEqualTo("one\n");
        assertThat(run("read", "tool~1+tool", "/tmp/some/mnt/etc/tool.conf").out()).isEqualTo("two\n");
        Result dir = run("cat", "tool", "/etc");
        assertThat(dir.code()).isEqualTo(Main.EXIT_ERROR);
        assertThat(dir.err().strip()).isEqualTo("spfsd: /etc: is a directory");
        assertThat(run("cat", "tool", "/nope").err().strip()).isEqualTo("spfsd: /nope: no such file or directory in tool");
    }

    @Test
    void catRefusesAPayloadThatNoLongerMatchesItsDigest() throws Exception {
        String digest = run("ls", "tool", "/etc", "--json").json().get(0).get("digest").asText();
        Path payload;
        try (var all = Files.walk(tmp.resolve("repo"))) {
            payload = all.filter(p -> p.getFileName().toString().equals(digest)
                    || p.getFileName().toString().equals(digest.substring(2))).findFirst().orElseThrow();
        }
        Files.writeString(payload, "evil\n");
        Result r = run("cat", "tool", "/etc/tool.conf");
        assertThat(r.code()).isEqualTo(Main.EXIT_ERROR);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("does not match its digest");
    }

    @Test
    void lsTakesPathsUnderTheMountPoint() {
        assertThat(run("ls", "tool", "/spfs/etc").out()).isEqualTo(run("ls", "tool", "etc").out());
        assertThat(run("ls", "tool", "/tmp/some/mnt/etc").out()).isEqualTo(run("ls", "tool", "etc").out());
        assertThat(run("ls", "tool", "/spfs").out()).isEqualTo(run("ls", "tool").out());
    }

    @Test
    void usageErrorsAreShortAndExitTwo() {
        Result r = run("ls", "tool", "a", "b");
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).doesNotContain("Usage:").contains("Try 'spfsd ls --help' for more information.");
        assertThat(r.err().lines()).hasSizeLessThanOrEqualTo(3);
        Result unknown = run("stauts");
        assertThat(unknown.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(unknown.err()).contains("Did you mean: spfsd status");
    }

    @Test
    void quietAndVerboseGoBeforeOrAfterTheCommand() {
        Result before = run("-q", "commit", tmp.resolve("a").toString());
        Result after = run("commit", "--quiet", tmp.resolve("a").toString());
        Result loud = run("commit", tmp.resolve("a").toString());
        assertThat(before.code()).isZero();
        assertThat(before.err()).isEmpty();
        assertThat(after.err()).isEmpty();
        assertThat(loud.err()).startsWith("committed 4 entries (2 files");
        assertThat(before.out()).isEqualTo(after.out()).isEqualTo(loud.out());
        assertThat(run("-v", "tags", "--json").code()).isZero();
    }

    @Test
    void pushThenPullIntoAnotherRepositoryGivesTheSameTagAndBytes() throws Exception {
        String remote = "file://" + tmp.resolve("remote");
        Result pushed = run("push", "tool", "--remote", remote, "--json");
        assertThat(pushed.code()).as(pushed.err()).isZero();
        assertThat(pushed.json().get("tags").get(0).asText()).isEqualTo("tool");
        assertThat(pushed.json().get("payloads").asLong()).isEqualTo(1);
        assertThat(run("push", "tool", "--remote", remote, "--json").json().get("objects").asLong())
                .as("nothing moves twice").isZero();
        locations = new Locations(Map.of("SPFSD_REPO", tmp.resolve("elsewhere").toString(),
                "SPFSD_REMOTE_ORIGIN", remote), tmp.toString(), "Linux");
        Result pulled = run("pull", "tool");
        assertThat(pulled.code()).as(pulled.err()).isZero();
        assertThat(pulled.out()).startsWith("pulled 2 objects, 1 payloads");
        assertThat(run("cat", "tool", "/etc/tool.conf").out()).isEqualTo("two\n");
        assertThat(run("cat", "tool~1", "/etc/tool.conf").out()).as("the history came along, with its content")
                .isEqualTo("one\n");
        assertThat(run("log", "tool", "--json").json()).hasSize(2);
        assertThat(run("pull", "nothing").code()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run("pull", "tool", "--remote", "gopher://host/p").err())
                .contains("unknown kind of remote 'gopher'");
    }

    @Test
    void withJsonAnErrorIsAJsonDocumentOnStdout() throws Exception {
        Result r = run("info", "nothing", "--json");
        assertThat(r.code()).isEqualTo(Main.EXIT_ERROR);
        assertThat(r.json().get("error").asText()).startsWith("unknown ref 'nothing'");
        assertThat(r.err()).startsWith("spfsd: unknown ref 'nothing'");
        Result usage = run("status", "--json", "--prometheus");
        assertThat(usage.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(usage.json().get("error").asText()).contains("choose one");
    }

    @Test
    void lsLongShowsDigestsAndUntagLatestRemovesTheNewestVersion() throws Exception {
        new io.spfsd.testing.TreeBuilder(tmp.resolve("lsl")).file("f", "content\n").dir("d");
        String layer = run("commit", "-q", tmp.resolve("lsl").toString(), "-t", "lsl").out().strip();
        String digest = io.spfsd.storage.Digest.of("content\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
        String longList = run("ls", "-l", "lsl").out();
        assertThat(longList).contains(digest + " f").containsPattern("drwx[-rwx]+ +[0-9]+ -  +d\n");
        assertThat(run("ls", "lsl").out()).doesNotContain(digest);
        run("tag", layer, "lsl");
        assertThat(run("log", "lsl").out().lines().count()).isEqualTo(2);
        assertThat(run("untag", "lsl", "--latest").out()).startsWith("removed lsl -> ");
        assertThat(run("log", "lsl").out().lines().count()).isEqualTo(1);
        assertThat(run("untag", "lsl~1", "--latest").code()).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void aMistypedTagSuggestsTheNearestOnes() {
        Result r = run("ls", "tol");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown ref 'tol'").contains("(did you mean tool?)");
    }

    @Test
    void infoTagsNamesEveryTagAndVersionThatPointsAtIt() throws Exception {
        assertThat(run("info", "tool", "--tags").out()).contains("  tags:     tool\n");
        assertThat(run("info", "tool~1", "--tags").out()).contains("  tags:     tool~1\n");
        assertThat(run("info", "tool~1", "--tags", "--json").json().get("tags").get(0).asText()).isEqualTo("tool~1");
        assertThat(run("info", "tool", "--json").json().get("tags").isNull()).as("only with --tags").isTrue();
        assertThat(run("info", "tool").out()).doesNotContain("tags:");
    }
}
