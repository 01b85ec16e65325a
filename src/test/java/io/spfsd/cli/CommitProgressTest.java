package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.testing.SpfsdProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/cli.md: commit's progress is drawn on stderr only when stderr is a terminal, whatever
 * stdout is (its total, counted ahead: DirectoryImporterTest).
 */
class CommitProgressTest {
    @TempDir
    Path tmp;

    /** The output of commit run through script's pseudo-terminal, with redirect appended to the command. */
    private String commit(String redirect) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (int i = 0; i < 2000; i++) {
            Files.writeString(src.resolve("f" + i), "content " + i);
        }
        String command = SpfsdProcess.shellLine(SpfsdProcess.mainCommand(List.of(), "commit", "--repo",
                tmp.resolve("repo").toString(), src.toString())) + redirect;
        Process p = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void onATerminalProgressIsDrawnWhereverStdoutGoes() throws Exception {
        String out = commit(" > '" + tmp.resolve("digest") + "'"); // stdout captured, as in d=$(spfsd commit DIR)
        assertThat(out).containsAnyOf("scanning: ", "importing: ").contains("\033[K") // drawn, then cleared
                .contains("committed 2000 entries");
        assertThat(Files.readString(tmp.resolve("digest")).strip()).hasSize(52);
    }

    @Test
    void stderrToAFileGetsNoProgress() throws Exception {
        String out = commit(" 2> '" + tmp.resolve("log") + "'");
        assertThat(Files.readString(tmp.resolve("log"))).doesNotContain("importing").doesNotContain("scanning")
                .contains("committed 2000 entries");
        assertThat(out.strip()).hasSize(52);
    }

    @Test
    void pullShowsPayloadsBytesSpeedAndTimeLeftOnATerminal() throws Exception {
        commit(" > '" + tmp.resolve("digest") + "'");
        Path far = tmp.resolve("repo");
        String layer = Files.readString(tmp.resolve("digest")).strip();
        String command = SpfsdProcess.shellLine(SpfsdProcess.mainCommand(List.of(), "pull", "--repo",
                tmp.resolve("near").toString(), "--remote", "file://" + far, layer)) + " > /dev/null";
        Process p = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).containsPattern("pulling: [0-9]+/2000 payloads, [0-9.]+ [KMG]?i?B/[0-9.]+ [KMG]?i?B, [^,]+/s, "
                + "[0-9hms?]+ left").contains("\033[K");
    }
}
