package io.spfsd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.spfsd.storage.Digest;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sparse file stays sparse in the repository and its holes are found through the mount. */
class SparseFilesTest {
    private static final long SIZE = 64L << 20;
    private static final long DATA_AT = 32L << 20;
    @TempDir
    Path tmp;

    @Test
    void holesAreKeptOnImportAndServedBack() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        try (RandomAccessFile f = new RandomAccessFile(src.resolve("sparse").toFile(), "rw")) {
            f.setLength(SIZE);
            f.seek(DATA_AT);
            f.write("data in the middle".getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = Files.readAllBytes(src.resolve("sparse"));
        try (DaemonHarness h = new DaemonHarness(tmp)) {
            h.commit(src, "sparse");
            Path payload = h.repo.payloadPath(Digest.of(whole));
            assertThat(payload).exists();
            long blocks = (Long) Files.getAttribute(payload, "unix:size") == SIZE ? allocatedBytes(payload) : -1;
            assertThat(blocks).as("allocated bytes of the payload").isLessThan(1L << 20);

            String out = h.runIn("sparse", "python3 -c \"import os; fd = os.open('$MNT/sparse', os.O_RDONLY);"
                    + " print(os.lseek(fd, 0, os.SEEK_DATA), os.lseek(fd, " + DATA_AT + ", os.SEEK_HOLE))\";"
                    + " cmp $MNT/sparse " + src.resolve("sparse") + " && echo same");
            String[] first = out.lines().findFirst().orElseThrow().split(" ");
            assertThat(Long.parseLong(first[0])).as("first data").isGreaterThan(0).isLessThanOrEqualTo(DATA_AT);
            assertThat(Long.parseLong(first[1])).as("hole after it").isGreaterThan(DATA_AT).isLessThan(SIZE);
            assertThat(out).endsWith("same\n");
        }
    }

    private static long allocatedBytes(Path p) throws Exception {
        Process du = new ProcessBuilder("du", "-B1", p.toString()).start();
        String out = new String(du.getInputStream().readAllBytes());
        du.waitFor();
        return Long.parseLong(out.split("\\s+")[0]);
    }
}
