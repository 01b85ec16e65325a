package io.spfsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.config.Locations;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `spfsd --version` skips picocli in main(); it must print what picocli prints, and exit 0. */
class VersionFastPathTest {
    @TempDir
    Path tmp;

    @Test
    void mainPrintsWhatThePicocliPathPrints() throws Exception {
        CliRun viaPicocli = CliRun.of(Locations.forThisSystem(Map.of(), tmp.toString(), false), "--version");
        assertThat(viaPicocli.code()).isZero();
        for (String flag : List.of("--version", "-V")) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), Main.class.getName(), flag).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).isZero();
            assertThat(out).isEqualTo(viaPicocli.out());
        }
    }
}
