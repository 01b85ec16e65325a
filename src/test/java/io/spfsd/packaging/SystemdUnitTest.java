package io.spfsd.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped systemd unit passes `systemd-analyze verify` (with spfsd where its ExecStart
 * says, and its man pages where man finds them), and runs the machine's daemon for every user.
 */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("packaging/systemd/spfsd.service");

    @TempDir
    Path tmp;

    @Test
    void theUnitVerifiesAndServesEveryUser() throws Exception {
        PackagingTest.require("systemd-analyze", "the systemd unit");
        PackagingTest.require("man", "the systemd unit's documentation");
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("ExecStart=/usr/local/bin/spfsd serve --all-users\n", "Delegate=yes\n",
                "KillMode=process\n");
        // where an installation puts spfsd: this checkout's launcher stands in for it
        Path installed = tmp.resolve("spfsd.service");
        Files.writeString(installed, unit.replace("/usr/local/bin/spfsd", Path.of("bin/spfsd").toAbsolutePath().toString()));
        Path man = tmp.resolve("man");
        io.spfsd.cli.ManPages.main(new String[] {man.resolve("man1").toString()});
        ProcessBuilder pb = new ProcessBuilder("systemd-analyze", "verify", installed.toString()).redirectErrorStream(true);
        pb.environment().put("MANPATH", man.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("no complaint about the unit").doesNotContain("spfsd.service");
    }
}
