package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spfsd.testing.DocumentedJson;
import io.spfsd.testing.TreeBuilder;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What docs/cli.md promises: exit codes of every command, and the JSON shapes it lists. */
class CliContractTest extends CliFixture {
    @Override
    Map<String, String> environment() {
        return Map.of("SPFSD_SOCKET", tmp.resolve("none.sock").toString());
    }

    @Test
    void everyCommandHasHelpAndCallsAnUnknownOptionAUsageMistake() {
        for (String command : Main.COMMANDS) {
            if (command.equals("help")) {
                continue;
            }
            assertThat(run(command, "--help").code()).as(command + " --help").isZero();
            CliRun bad = run(command, "--no-such-option");
            assertThat(bad.code()).as(command + " --no-such-option").isEqualTo(Main.EXIT_USAGE);
            assertThat(bad.err()).as(command).contains("Try 'spfsd " + command);
        }
    }

    @Test
    void commandsThatNeedADaemonSayThereIsNoneWithExitOne() {
        for (String[] args : List.of(new String[]{"status"}, new String[]{"runtime", "list"},
                new String[]{"diff", "--runtime", "x"}, new String[]{"unmount", "--pid", "12345"})) {
            CliRun r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(Main.EXIT_ERROR);
            assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("spfsd: no spfsd daemon is listening");
        }
    }

    @Test
    void jsonShapesAreTheOnesDocsCliMdLists() throws Exception {
        new TreeBuilder(tmp.resolve("src")).file("bin/tool", "x").symlink("link", "bin/tool");
        assertThat(run("commit", "-q", tmp.resolve("src").toString(), "-t", "t").code()).isZero();
        Map<String, String[]> commands = Map.of(
                "ls", new String[]{"ls", "t", "bin", "--json"},
                "info", new String[]{"info", "t", "--json"},
                "log", new String[]{"log", "t", "--json"},
                "tags", new String[]{"tags", "--json"},
                "check", new String[]{"check", "--json"},
                "clean", new String[]{"clean", "--json", "-n"},
                "push", new String[]{"push", "t", "--remote", "file://" + tmp.resolve("remote"), "--json"});
        for (Map.Entry<String, String[]> c : commands.entrySet()) {
            CliRun r = run(c.getValue());
            assertThat(r.code()).as(c.getKey()).isZero();
            JsonNode json = new ObjectMapper().readTree(r.out());
            JsonNode first = json.isArray() ? json.get(0) : json;
            Set<String> keys = new LinkedHashSet<>();
            first.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).as(c.getKey() + " in docs/cli.md").containsExactlyElementsOf(DocumentedJson.keys(c.getKey()));
        }
        CliRun error = run("ls", "nothing", "--json");
        assertThat(error.code()).isEqualTo(Main.EXIT_ERROR);
        assertThat(new ObjectMapper().readTree(error.out()).fieldNames()).toIterable().containsExactly("error");
    }
}
