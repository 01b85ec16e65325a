package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import io.spfsd.testing.SpfsdProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a command's logging is set up, seen from a command's own JVM. */
class CommandLoggingTest {
    @TempDir
    Path tmp;

    @Test
    void aCommandThatOpensARepositoryMakesNoDateFormat() throws Exception {
        // slf4j-simple makes a SimpleDateFormat whenever a format is set; its locale and time-zone
        // data cost every command that opened a repository ~25 ms. Only the daemon stamps times.
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("f"), "hi\n");
        Path log = tmp.resolve("classes.log");
        Process commit = new ProcessBuilder(SpfsdProcess.mainCommand(List.of("-Xlog:class+init=info:file=" + log),
                "commit", "-q", "--repo", tmp.resolve("repo").toString(), src.toString())).redirectErrorStream(true).start();
        String out = new String(commit.getInputStream().readAllBytes());
        assertThat(commit.waitFor()).as(out).isZero();
        assertThat(Files.readString(log)).as("the repository's logger was made")
                .contains("org/slf4j/simple/SimpleLogger")
                .doesNotContain("java/text/SimpleDateFormat");
    }
}
