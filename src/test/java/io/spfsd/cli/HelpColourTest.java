package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.testing.SpfsdProcess;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/cli.md: help is coloured on a terminal unless NO_COLOR is set; nothing else uses colour. */
class HelpColourTest {
    private static final String ESC = "\u001b[";

    /** `spfsd ls --help`, on a terminal (script's pseudo-terminal) or not, with NO_COLOR or not. */
    private static String help(boolean terminal, boolean noColor) throws Exception {
        String command = SpfsdProcess.shellLine(SpfsdProcess.mainCommand(List.of(), "ls", "--help"));
        ProcessBuilder pb = terminal ? new ProcessBuilder("script", "-qec", command, "/dev/null")
                : new ProcessBuilder("bash", "-c", command);
        pb.redirectErrorStream(true);
        pb.environment().remove("NO_COLOR");
        if (noColor) {
            pb.environment().put("NO_COLOR", "1");
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("Usage:");
        return out;
    }

    @Test
    void helpIsColouredOnATerminalOnly() throws Exception {
        assertThat(help(true, false)).contains(ESC);
        assertThat(help(false, false)).doesNotContain(ESC);
    }

    @Test
    void noColorTurnsItOff() throws Exception {
        assertThat(help(true, true)).doesNotContain(ESC);
    }
}
