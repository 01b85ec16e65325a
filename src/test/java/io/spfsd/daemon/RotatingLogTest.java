package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogTest {
    @TempDir
    Path tmp;

    @Test
    void rotatesBySizeAndKeepsTwoOldFiles() throws Exception {
        Path log = tmp.resolve("spfsd.log");
        try (OutputStream out = RotatingLog.open(log, 100)) {
            for (int i = 0; i < 10; i++) {
                out.write(("line " + i + " " + "x".repeat(40) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(Files.size(log)).isLessThanOrEqualTo(100);
        assertThat(Files.readString(log)).startsWith("line 8").contains("line 9");
        assertThat(Files.readString(tmp.resolve("spfsd.log.1"))).startsWith("line 6");
        assertThat(Files.readString(tmp.resolve("spfsd.log.2"))).startsWith("line 4");
        assertThat(tmp.resolve("spfsd.log.3")).doesNotExist();
    }

    @Test
    void logsAreNamedAfterTheirSocket() {
        assertThat(DaemonFiles.log(Path.of("/run/spfsd/spfsd.sock"))).isEqualTo(Path.of("/run/spfsd/spfsd.log"));
        assertThat(DaemonFiles.log(Path.of("/tmp/x/bench"))).isEqualTo(Path.of("/tmp/x/bench.log"));
    }
}
