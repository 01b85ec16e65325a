package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.config.Locations;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompletionAndManPagesTest {
    @TempDir
    Path tmp;

    private String run(String... args) {
        StringWriter out = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(new StringWriter()),
                new Locations(Map.of(), tmp.toString(), "Linux"));
        assertThat(code).isZero();
        return out.toString();
    }

    @Test
    void completionScriptsKnowEveryCommand() throws Exception {
        String bash = run("completion", "bash");
        String fish = run("completion", "fish");
        for (String command : Main.COMMANDS) {
            if (!command.equals("help")) {
                assertThat(bash).as(command).contains(command);
                assertThat(fish).as(command).contains("__fish_use_subcommand -a " + command + " ");
            }
        }
        assertThat(fish).contains("'__fish_seen_subcommand_from commit' -s t -l tag -r");
        Path script = Files.writeString(tmp.resolve("spfsd.bash"), bash);
        Process p = new ProcessBuilder("bash", "-c", "source " + script + " && COMP_WORDS=(spfsd sta) COMP_CWORD=1"
                + " && _complete_spfsd spfsd sta spfsd && echo \"${COMPREPLY[@]}\"").redirectErrorStream(true).start();
        assertThat(new String(p.getInputStream().readAllBytes()).strip()).isEqualTo("status");
    }

    @Test
    void manPagesSayWhatHelpSays() throws Exception {
        ManPages.main(new String[]{tmp.resolve("man").toString()});
        String run = Files.readString(tmp.resolve("man/spfsd-run.1"));
        assertThat(run).startsWith(".TH SPFSD-RUN 1").contains(".SH SYNOPSIS\nspfsd run [OPTIONS] REF... \\-\\- CMD")
                .contains(".B \\-\\-runtime\\-name \\fINAME\\fR");
        assertThat(Files.readString(tmp.resolve("man/spfsd.1"))).contains(".SH COMMANDS").contains(".B untag");
        assertThat(tmp.resolve("man/spfsd-runtime-list.1")).exists();
        assertThat(ManPages.roff(".starts with a dot \\ and a backslash")).isEqualTo("\\&.starts with a dot \\e and a backslash");
        CommandLine cli = Main.commandLine(new String[0], new Locations(Map.of(), "/", "Linux"), false, System.out);
        for (String command : cli.getSubcommands().keySet()) {
            if (!command.equals("help") && !command.equals("read")) {
                assertThat(tmp.resolve("man/spfsd-" + command + ".1")).as(command).exists();
            }
        }
    }
}
