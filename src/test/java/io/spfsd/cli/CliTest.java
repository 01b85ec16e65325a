package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spfsd.testing.TreeBuilder;
import org.junit.jupiter.api.Test;

class CliTest extends CliFixture {

    @Test
    void commitPrintsOnlyTheDigestAndLsShowsTheTree() throws Exception {
        new TreeBuilder(tmp.resolve("src")).file("bin/tool", "x", "rwxr-xr-x").symlink("link", "bin/tool");
        CliRun c = run("commit", tmp.resolve("src").toString(), "-t", "base");
        assertThat(c.code()).isZero();
        assertThat(c.out().strip()).matches("[A-Z2-7]{52}");

        CliRun ls = run("ls", "base");
        assertThat(ls.code()).isZero();
        assertThat(ls.out()).contains("drwxr-xr-x            0 bin").contains("lrwxrwxrwx            8 link -> bin/tool");
        assertThat(run("ls", "base", "/bin").out()).contains("-rwxr-xr-x            1 tool");
        assertThat(run("ls", "-R", "base").out()).contains(" bin/tool");

        JsonNode json = run("ls", "-R", "--json", "base").json();
        assertThat(json.isArray()).isTrue();
        JsonNode tool = json.get(1);
        assertThat(tool.get("path").asText()).isEqualTo("bin/tool");
        assertThat(tool.get("kind").asText()).isEqualTo("file");
        assertThat(tool.get("mode_string").asText()).isEqualTo("-rwxr-xr-x");
        assertThat(tool.get("size").asLong()).isEqualTo(1);
        assertThat(tool.get("digest").asText()).hasSize(52);
    }

    @Test
    void stacksTagsAndInfo() throws Exception {
        new TreeBuilder(tmp.resolve("a")).file("x", "1").file("shared", "a");
        new TreeBuilder(tmp.resolve("b")).file("y", "2").file("shared", "bb");
        run("commit", "-q", tmp.resolve("a").toString(), "-t", "a");
        run("commit", "-q", tmp.resolve("b").toString(), "-t", "b");
        CliRun stack = run("commit", "--stack", "a+b", "-t", "env");
        assertThat(stack.code()).as(stack.err()).isZero();

        JsonNode info = run("info", "--json", "env").json();
        assertThat(info.get("kind").asText()).isEqualTo("platform");
        assertThat(info.get("stack")).hasSize(2);
        assertThat(info.get("entries").asLong()).isEqualTo(3);
        assertThat(info.get("total_size").asLong()).isEqualTo(4);
        assertThat(run("ls", "env", "shared").out()).contains("            2 shared");
        assertThat(run("ls", "a+b", "shared").out()).isEqualTo(run("ls", "env", "shared").out());

        assertThat(run("tag", "a", "env").code()).isZero();
        assertThat(run("ls", "env").out()).doesNotContain(" y");
        assertThat(run("ls", "env~1").out()).contains(" y");
        JsonNode tags = run("tags", "--json").json();
        assertThat(tags).hasSize(3);
        assertThat(tags.get(2).get("name").asText()).isEqualTo("env");
        assertThat(tags.get(2).get("versions").asInt()).isEqualTo(2);
    }

    @Test
    void errorsAreOneLineWithNonZeroExit() {
        CliRun missing = run("ls", "nothing");
        assertThat(missing.code()).isEqualTo(Main.EXIT_ERROR);
        assertThat(missing.err().strip()).startsWith("spfsd: unknown ref 'nothing'").doesNotContain("\n");
        assertThat(missing.out()).isEmpty();

        CliRun notDir = run("commit", tmp.resolve("nope").toString());
        assertThat(notDir.code()).isEqualTo(Main.EXIT_ERROR);
        assertThat(notDir.err().strip()).contains("nope").doesNotContain("Exception").doesNotContain("\n");

        assertThat(run("tag", "nothing", "x").code()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run("commit", "-t", "bad tag", tmp.toString()).code()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run("ls").code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("frobnicate").code()).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[]{"commit", "ls", "info", "tag", "tags"}) {
            CliRun r = run(cmd, "--help");
            assertThat(r.code()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).contains("Usage: spfsd " + cmd);
        }
        assertThat(run("--help").out()).contains("commit", "ls", "info", "tags");
    }

    @Test
    void missingPathInsideAViewIsAClearError() throws Exception {
        new TreeBuilder(tmp.resolve("a")).file("x", "1");
        run("commit", "-q", tmp.resolve("a").toString(), "-t", "a");
        CliRun r = run("ls", "a", "/x/y");
        assertThat(r.code()).isEqualTo(Main.EXIT_ERROR);
        assertThat(r.err()).contains("not a directory");
        assertThat(run("ls", "a", "/zzz").err()).contains("no such file or directory");
    }
}
