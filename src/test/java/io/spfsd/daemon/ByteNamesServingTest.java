package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.cli.Main;
import io.spfsd.config.Locations;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names that are not UTF-8, through a real mount: listed, looked up and read byte for byte. */
class ByteNamesServingTest {
    @TempDir
    Path tmp;

    @Test
    void theMountServesTheExactBytesOfEveryName() throws Exception {
        Path src = tmp.resolve("src");
        io.spfsd.storage.ByteNamesTestSupport.make(src);
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            h.commit(src, "names");
            String bytesOf = "ls -A %s | od -An -tx1; for f in %s/caf*; do cat \"$f\"; done; readlink %s/link | od -An -c";
            String inside = h.runIn("names", bytesOf.formatted("$MNT", "$MNT", "$MNT"));
            Process p = new ProcessBuilder("sh", "-c", bytesOf.formatted(src, src, src)).start();
            String original = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            assertThat(inside).isEqualTo(original).contains("21");

            StringWriter out = new StringWriter();
            int code = Main.run(new String[]{"ls", "--repo", h.repo.root().toString(), "names"},
                    new PrintWriter(out), new PrintWriter(new StringWriter()),
                    new Locations(Map.of(), tmp.toString(), "Linux"));
            assertThat(code).isZero();
            assertThat(out.toString()).contains(" caf\\xe8\n").contains(" caf\\xe9\n").contains("link -> tar\\xffget");
        }
    }
}
